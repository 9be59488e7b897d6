"""Services of the assemblies area: sessions and participants, the wall, the debate, the Q&A."""

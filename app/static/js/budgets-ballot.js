// Budget ballots with a maximum number of projects: say how many are ticked out of how many. The
// server checks every rule anyway (and tells the total without JavaScript); this saves a round trip.
(function () {
  "use strict";
  function update(form) {
    var line = form.querySelector(".ballot-count");
    var max = parseInt(form.dataset.max, 10);
    if (!line || !max) { return; }
    var ticked = form.querySelectorAll("input[name=approve]:checked").length;
    line.hidden = false;
    line.textContent = ticked + " / " + max + " " + (line.dataset.label || "projets");
    line.classList.toggle("over", ticked > max);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.ballot-form[data-max]").forEach(function (form) {
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  });
})();

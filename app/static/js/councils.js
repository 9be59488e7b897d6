// Councils: show how long the current item or speaker has been going. Without JavaScript the
// page shows the start time instead (the element's text as the server wrote it).
(function () {
  "use strict";

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function format(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    return (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(rest);
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("time.elapsed[datetime]").forEach(function (element) {
      var since = Date.parse(element.getAttribute("datetime"));
      if (isNaN(since)) {
        return;
      }
      if (!element.dataset.start) {
        element.dataset.start = element.textContent;  // keep the start time for the tooltip
        element.title = element.textContent;
      }
      element.textContent = format(Math.max(0, Math.floor((now - since) / 1000)));
    });
  }

  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);
  setInterval(tick, 1000);
})();

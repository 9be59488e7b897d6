// Knapsack ballots: show the running total of the ticked projects against the budget. The server
// checks the limits anyway; this only saves a round trip.
(function () {
  "use strict";
  function cents(text) {
    var parts = String(text || "0").split(".");
    var whole = parseInt(parts[0], 10) || 0;
    var frac = ((parts[1] || "") + "00").slice(0, 2);
    return whole * 100 + (parseInt(frac, 10) || 0);
  }
  function euros(value) {
    return (value / 100).toLocaleString(document.documentElement.lang || "fr", { style: "currency", currency: "EUR" });
  }
  function update(box) {
    var total = 0;
    box.querySelectorAll("input[data-cost]:checked").forEach(function (input) { total += cents(input.dataset.cost); });
    var line = box.querySelector(".ballot-total");
    if (!line) { return; }
    line.hidden = false;
    line.querySelector("output").textContent = euros(total);
    line.classList.toggle("over", total > cents(line.dataset.budget));
  }
  function bind(root) {
    root.querySelectorAll(".ballot-knapsack").forEach(function (box) {
      if (box.dataset.bound) { return; }
      box.dataset.bound = "1";
      box.addEventListener("change", function () { update(box); });
      update(box);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { bind(document); });
  document.addEventListener("htmx:afterSwap", function (event) { bind(event.target); });
})();

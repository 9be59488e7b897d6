/* Live screens of assemblies (phone, projector, console, moderation). htmx and its SSE extension
   do the swapping; this file keeps the screens right around them:
   - every live message is applied once (ids are remembered; a replay after reconnect is harmless);
   - the stream reconnects from the last message received (sse-connect's `after` is kept current);
   - when the stage changes, or the stream reopens, the stage is fetched again, keeping what the
     person was typing;
   - the timer counts down, questions are kept sorted by support;
   - on the console, notes can be dragged; the "Move to…" form does the same without a mouse. */
(function () {
  "use strict";

  var seen = new Set();
  var opened = false;
  var dragging = false;
  var stageStale = false;

  function live() { return document.getElementById("live"); }

  function setAfter(id) {
    var el = live();
    if (!el) { return; }
    var current = parseInt(el.dataset.after || "0", 10);
    if (id > current) {
      el.dataset.after = String(id);
      var url = el.getAttribute("sse-connect");
      if (url) { el.setAttribute("sse-connect", url.replace(/([?&]after=)\d*/, "$1" + id)); }
    }
  }

  function dropDuplicates() {
    var ids = {};
    document.querySelectorAll("#stage [id^='note-'], #stage [id^='question-']").forEach(function (el) {
      if (!/^(note|question)-\d+$/.test(el.id)) { return; }
      if (ids[el.id]) { el.remove(); } else { ids[el.id] = true; }
    });
  }

  function sortQuestions() {
    var list = document.getElementById("qa-open");
    if (!list) { return; }
    var items = Array.prototype.slice.call(list.children);
    var votes = function (el) {
      var counter = el.querySelector(".question-votes");
      return counter ? parseInt(counter.dataset.votes || "0", 10) : 0;
    };
    var highlighted = function (el) { return el.classList.contains("question-now") ? 1 : 0; };
    var sorted = items.slice().sort(function (a, b) {
      return (highlighted(b) - highlighted(a)) || (votes(b) - votes(a));
    });
    if (sorted.some(function (el, i) { return el !== items[i]; })) {
      sorted.forEach(function (el) { list.appendChild(el); });
    }
  }

  /* What the person is typing in the stage, by field name, to put back after a reload. */
  function typed() {
    var values = {};
    document.querySelectorAll("#stage textarea, #stage input[type=text]").forEach(function (field) {
      if (field.name && field.value) { values[field.name + "|" + (field.id || "")] = field.value; }
    });
    return values;
  }

  function restore(values) {
    document.querySelectorAll("#stage textarea, #stage input[type=text]").forEach(function (field) {
      var key = field.name + "|" + (field.id || "");
      if (values[key] && !field.value) { field.value = values[key]; }
    });
  }

  /* Fetch the stage again (a 204 leaves it as it is), keeping typing and focus. */
  function refreshStage(url) {
    var values = typed();
    var focused = document.activeElement && document.activeElement.id;
    return htmx.ajax("GET", url, { target: "#stage", swap: "outerHTML" }).then(function () {
      restore(values);
      if (focused) {
        var again = document.getElementById(focused);
        if (again && again !== document.activeElement) { again.focus(); }
      }
      var stage = document.getElementById("stage");
      if (stage && stage.dataset.after) { setAfter(parseInt(stage.dataset.after, 10)); }
      sortQuestions();
      tick();
    });
  }

  function reloadStage() {
    if (dragging) { stageStale = true; return; }
    var el = live();
    var jitter = el ? parseInt(el.dataset.jitter || "0", 10) : 0;
    window.setTimeout(function () { refreshStage(window.location.href); }, Math.floor(Math.random() * jitter));
  }

  /* Phones whose stream cannot be held (no EventSource, a proxy that cuts it) poll instead:
     every 3 s, with the last version seen; the server answers 204 while nothing changed. */
  var polling = null;
  var failures = 0;
  function startPolling() {
    var el = live();
    if (!el || !el.dataset.poll || polling) { return; }
    var data = el["htmx-internal-data"];
    if (data && data.sseEventSource) { data.sseEventSource.close(); }
    el.removeAttribute("sse-connect");
    polling = window.setInterval(function () {
      if (document.hidden) { return; }
      refreshStage(el.dataset.poll + "?v=" + (el.dataset.after || "0"));
    }, 3000);
  }

  document.addEventListener("htmx:sseError", function () {
    failures += 1;
    if (failures >= 3) { startPolling(); }
  });

  document.addEventListener("htmx:sseBeforeMessage", function (event) {
    var id = parseInt(event.detail.lastEventId || "0", 10);
    if (id && seen.has(id)) { event.preventDefault(); return; }
    if (id) { seen.add(id); setAfter(id); }
  });

  var version = null;
  document.addEventListener("htmx:sseMessage", function () {
    dropDuplicates();
    sortQuestions();
    tick();
    var marker = document.getElementById("stage-version");
    var now = marker ? marker.dataset.version : null;
    if (version !== null && now !== version) { reloadStage(); }
    version = now;
  });

  document.addEventListener("htmx:sseOpen", function () {
    // The first opening follows the page's own snapshot; a reopening may have missed events
    // that the server could not replay (htmx-ext-sse reconnects without Last-Event-ID).
    if (opened) { reloadStage(); }
    opened = true;
    failures = 0;
  });

  document.addEventListener("htmx:load", function () {
    var marker = document.getElementById("stage-version");
    if (marker && version === null) { version = marker.dataset.version; }
  });

  /* Timer: the server sends the end time; the clock counts down here. */
  function tick() {
    document.querySelectorAll(".timer[data-ends]").forEach(function (timer) {
      var clock = timer.querySelector(".timer-clock");
      if (!clock) { return; }
      var left = Math.max(0, Math.round((Date.parse(timer.dataset.ends) - Date.now()) / 1000));
      var text = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (clock.textContent !== text) { clock.textContent = text; }
      timer.classList.toggle("timer-done", left === 0);
    });
  }
  window.setInterval(tick, 1000);

  /* Console: drag and drop of notes between columns and groups (the move form is the same
     request without a mouse). */
  function moveUrl(note) {
    var form = note.querySelector(".move-form");
    return form ? form.getAttribute("action") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var note = event.target.closest && event.target.closest(".screen-staff .note[draggable=true]");
    if (!note) { return; }
    dragging = true;
    note.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", note.id);
  });

  document.addEventListener("dragend", function (event) {
    var note = event.target.closest && event.target.closest(".note");
    if (note) { note.classList.remove("dragging"); }
    dragging = false;
    document.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
    if (stageStale) { stageStale = false; reloadStage(); }
  });

  document.addEventListener("dragover", function (event) {
    var zone = event.target.closest && event.target.closest(".screen-staff .notes");
    if (!zone || !dragging) { return; }
    event.preventDefault();
    zone.classList.add("drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest(".notes");
    if (zone) { zone.classList.remove("drop-target"); }
  });

  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest(".screen-staff .notes");
    if (!zone) { return; }
    event.preventDefault();
    var note = document.getElementById(event.dataTransfer.getData("text/plain"));
    var url = note && moveUrl(note);
    if (!url) { return; }
    var before = event.target.closest(".note");
    var siblings = Array.prototype.filter.call(zone.children, function (el) {
      return el.classList.contains("note") && el !== note;
    });
    var index = before && before !== note ? siblings.indexOf(before) : siblings.length;
    if (before && before !== note) { zone.insertBefore(note, before); } else { zone.appendChild(note); }
    htmx.ajax("POST", url, {
      source: note,
      swap: "none",
      values: { to: zone.dataset.column + ":" + zone.dataset.cluster, index: String(index + 1) }
    });
  });

  function start() {
    if (!window.EventSource) { startPolling(); }
    tick();
    sortQuestions();
    document.querySelectorAll(".print-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", start);

  /* Joining answers with the room's page, swapped into the join page's body (one request less
     for a phone entering the room): start the room as if it had been loaded. */
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.elt === document.body && live()) { start(); }
  });
})();

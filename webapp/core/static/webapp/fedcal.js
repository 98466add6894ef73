// Fedcal's small script: focus kept across htmx swaps, and direct manipulation of the time
// grid (click or drag to create, drag to move, drag the lower edge to resize, Alt+arrows from
// the keyboard), each saved through the server with an undo. Without it, every page works
// with links and forms.
(function () {
  "use strict";
  var SNAP = 15; // minutes
  var DAY = 24 * 60;

  // ---- Focus: an htmx swap that replaces the focused control focuses its successor ----
  var lastFocus = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    var target = event.detail.target;
    if (active && active !== document.body && target && target.contains(active)) {
      lastFocus = { id: active.id, name: active.getAttribute("name"), value: active.getAttribute("value"), text: active.textContent.trim() };
    } else {
      lastFocus = null;
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!lastFocus || (document.activeElement && document.activeElement !== document.body)) { return; }
    var scope = event.detail.target || document;
    var found = null;
    if (lastFocus.id) { found = document.getElementById(lastFocus.id); }
    if (!found && lastFocus.name) {
      found = Array.prototype.find.call(scope.querySelectorAll("button[name], input[name]"), function (el) {
        return el.getAttribute("name") === lastFocus.name && el.getAttribute("value") === lastFocus.value;
      });
    }
    if (!found) {
      found = Array.prototype.find.call(scope.querySelectorAll("button, a[href]"), function (el) {
        return el.textContent.trim() === lastFocus.text;
      }) || scope.querySelector("button, a[href], input:not([type=hidden])");
    }
    if (!found && scope.focus) { scope.setAttribute("tabindex", "-1"); found = scope; }
    if (found) { found.focus(); }
    lastFocus = null;
  });

  // ---- Helpers ----
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }
  function post(url, fields) {
    var body = new URLSearchParams(fields);
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf(), "Accept": "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return { ok: response.ok, message: response.ok ? "Done." : "That did not work." }; });
      });
  }
  function wall(day, minutes) { // "YYYY-MM-DD" + minutes -> "YYYY-MM-DDTHH:MM" (no zone arithmetic)
    var parts = day.split("-").map(Number);
    var date = new Date(0);
    date.setUTCFullYear(parts[0], parts[1] - 1, parts[2]);
    return new Date(date.getTime() + minutes * 60000).toISOString().slice(0, 16);
  }
  function minutesOf(text) { // "YYYY-MM-DDTHH:MM" -> minutes since that day's midnight
    var time = text.slice(11, 16).split(":").map(Number);
    return time[0] * 60 + time[1];
  }
  function shift(text, minutes) { return wall(text.slice(0, 10), minutesOf(text) + minutes); }
  function clock(minutes) {
    var m = ((minutes % DAY) + DAY) % DAY;
    return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0");
  }
  function grid() { return document.querySelector("[data-grid]"); }
  function rowsOf(col) { return col.getBoundingClientRect().height / (DAY / 5); }
  function minuteAt(col, clientY) {
    var rect = col.getBoundingClientRect();
    var m = (clientY - rect.top) / rect.height * DAY;
    return Math.max(0, Math.min(DAY - SNAP, Math.floor(m / SNAP) * SNAP));
  }
  function setRows(el, startMinute, endMinute) {
    el.className = el.className.replace(/\b[rs]-\d+\b/g, "").trim();
    var row = Math.floor(startMinute / 5) + 1;
    var span = Math.max(1, Math.round((endMinute - startMinute) / 5));
    el.classList.add("r-" + row, "s-" + span);
  }

  // ---- Toast with undo ----
  var undoAction = null;
  function toast(message, undo) {
    var box = document.getElementById("calendar-toast");
    if (!box) { return; }
    box.textContent = "";
    var text = document.createElement("span");
    text.textContent = message;
    box.appendChild(text);
    undoAction = undo || null;
    if (undo) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = "Undo";
      button.setAttribute("aria-keyshortcuts", "Control+Z");
      button.addEventListener("click", runUndo);
      box.appendChild(button);
    }
  }
  function runUndo() {
    var undo = undoAction;
    undoAction = null;
    if (!undo) { return; }
    var fields = {};
    if (undo.start) { fields.start = undo.start; fields.end = undo.end; }
    post(undo.url, fields).then(function (answer) {
      refresh(undo.focus).then(function () { toast(answer.ok ? "Undone. " + (answer.message || "") : answer.message); });
    });
  }
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "z" && undoAction && !/INPUT|TEXTAREA/.test(event.target.tagName)) {
      event.preventDefault();
      runUndo();
    }
  });

  // ---- Refresh the calendar body in place, keeping scroll and focus ----
  function refresh(focusId) {
    var scroller = document.querySelector(".tg-scroll");
    var top = scroller ? scroller.scrollTop : 0;
    if (!window.htmx) { window.location.reload(); return Promise.resolve(); }
    return window.htmx.ajax("GET", window.location.href, { target: "#calendar-body", select: "#calendar-body", swap: "outerHTML" }).then(function () {
      var again = document.querySelector(".tg-scroll");
      if (again) { again.scrollTop = top; }
      if (focusId) {
        var link = document.querySelector('.tg-event[data-event-id="' + focusId + '"] a');
        if (link) { link.focus(); }
      }
    });
  }

  function save(item, start, end, focus) {
    return post(item.getAttribute("data-move-url"), { start: start, end: end }).then(function (answer) {
      return refresh(item.getAttribute("data-event-id")).then(function () {
        if (answer.ok) {
          var undo = answer.undo;
          undo.focus = item.getAttribute("data-event-id");
          toast(answer.message, undo);
        } else {
          toast(answer.message);
        }
        if (focus) {
          var link = document.querySelector('.tg-event[data-event-id="' + item.getAttribute("data-event-id") + '"] a');
          if (link) { link.focus(); }
        }
      });
    });
  }

  // ---- Quick create ----
  function closeQuick() {
    var open = document.querySelector(".quick-create");
    if (open) { open.remove(); }
    var ghost = document.querySelector(".tg-ghost");
    if (ghost) { ghost.remove(); }
  }
  function quickCreate(day, startMinute, endMinute, anchor, returnFocus) {
    closeQuick();
    var g = grid();
    var start = wall(day, startMinute), end = wall(day, endMinute);
    var form = document.createElement("form");
    form.className = "quick-create";
    form.setAttribute("aria-labelledby", "quick-create-title");
    form.innerHTML = '<h2 id="quick-create-title"></h2>' +
      '<div class="field"><label for="quick-title">Title</label><input id="quick-title" name="title" type="text" required maxlength="200" autocomplete="off"></div>' +
      '<div class="actions"><button type="submit">Save</button><a class="more-options" href="#">More options</a><button type="button" class="secondary" data-cancel>Cancel</button></div>' +
      '<p class="errorlist" role="alert"></p>';
    form.querySelector("h2").textContent = "New event, " + day + " " + clock(startMinute) + "\u2013" + clock(endMinute);
    var more = form.querySelector(".more-options");
    function moreUrl() {
      var query = new URLSearchParams({ start: start, end: end, title: form.querySelector("input").value });
      return g.getAttribute("data-new-url") + "?" + query.toString();
    }
    more.addEventListener("click", function (event) { event.preventDefault(); window.location.href = moreUrl(); });
    form.querySelector("[data-cancel]").addEventListener("click", function () { closeQuick(); if (returnFocus) { returnFocus.focus(); } });
    form.addEventListener("keydown", function (event) { if (event.key === "Escape") { closeQuick(); if (returnFocus) { returnFocus.focus(); } } });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var title = form.querySelector("input").value.trim();
      if (!title) { form.querySelector(".errorlist").textContent = "Give the event a title."; return; }
      post(g.getAttribute("data-quick-url"), { title: title, start: start, end: end }).then(function (answer) {
        if (!answer.ok) { form.querySelector(".errorlist").textContent = answer.message; return; }
        closeQuick();
        refresh().then(function () {
          toast(answer.message, answer.undo);
          var created = answer.url && document.querySelector('.tg-event a[href="' + answer.url + '"]');
          if (created) { created.focus(); }
        });
      });
    });
    document.body.appendChild(form);
    var rect = anchor.getBoundingClientRect();
    var left = Math.min(rect.right + 8, window.innerWidth - form.offsetWidth - 8);
    if (left < 8 || rect.right + 8 + form.offsetWidth > window.innerWidth) { left = Math.max(8, rect.left - form.offsetWidth - 8); }
    form.style.left = Math.max(8, left) + "px";
    form.style.top = Math.max(8, Math.min(rect.top, window.innerHeight - form.offsetHeight - 8)) + "px";
    form.querySelector("input").focus();
  }

  // ---- Pointer: create on empty slots, move and resize events ----
  var drag = null;
  document.addEventListener("pointerdown", function (event) {
    var g = grid();
    if (!g || !g.hasAttribute("data-editable") || event.button !== 0) { return; }
    var col = event.target.closest(".tg-col");
    if (!col || !g.contains(col)) { return; }
    var day = col.closest(".tg-day").getAttribute("data-day");
    var item = event.target.closest(".tg-event");
    if (item && !item.hasAttribute("data-movable")) { return; }
    if (item) {
      var start = item.getAttribute("data-start"), end = item.getAttribute("data-end");
      drag = { kind: event.target.classList.contains("tg-resize") ? "resize" : "move", item: item, col: col, day: day,
        startMinute: minutesOf(start), length: Math.max(SNAP, (Date.parse(end + "Z") - Date.parse(start + "Z")) / 60000),
        grab: minuteAt(col, event.clientY), x: event.clientX, y: event.clientY, moved: false };
    } else {
      var at = minuteAt(col, event.clientY);
      var ghost = document.createElement("li");
      ghost.className = "tg-ghost";
      ghost.setAttribute("aria-hidden", "true");
      col.appendChild(ghost);
      drag = { kind: "create", col: col, day: day, from: at, to: at + SNAP, ghost: ghost, moved: false };
      setRows(ghost, at, at + SNAP);
    }
    event.preventDefault();
  });
  document.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    if (drag.kind === "create") {
      var at = minuteAt(drag.col, event.clientY);
      drag.to = Math.max(at + SNAP, drag.from + SNAP);
      drag.moved = true;
      setRows(drag.ghost, drag.from, drag.to);
      drag.ghost.textContent = clock(drag.from) + "\u2013" + clock(drag.to);
      return;
    }
    if (!drag.moved && Math.abs(event.clientY - drag.y) < 4 && Math.abs(event.clientX - drag.x) < 4) { return; }
    drag.moved = true;
    drag.item.classList.add("dragging");
    if (drag.kind === "resize") {
      var end = Math.max(drag.startMinute + SNAP, Math.min(DAY, minuteAt(drag.col, event.clientY) + SNAP));
      drag.newStart = drag.startMinute;
      drag.newEnd = end;
      drag.newDay = drag.day;
      setRows(drag.item, drag.startMinute, end);
      return;
    }
    var under = document.elementsFromPoint(event.clientX, event.clientY).map(function (el) { return el.closest && el.closest(".tg-col"); }).filter(Boolean)[0] || drag.col;
    if (under !== drag.item.parentNode) { under.appendChild(drag.item); }
    var delta = minuteAt(under, event.clientY) - drag.grab;
    var begin = Math.max(0, Math.min(DAY - drag.length, drag.startMinute + delta));
    drag.newDay = under.closest(".tg-day").getAttribute("data-day");
    drag.newStart = begin;
    drag.newEnd = begin + drag.length;
    setRows(drag.item, begin, Math.min(DAY, begin + drag.length));
  });
  document.addEventListener("pointerup", function () {
    if (!drag) { return; }
    var done = drag;
    drag = null;
    if (done.kind === "create") {
      var to = done.moved ? done.to : done.from + 60;
      setRows(done.ghost, done.from, Math.min(DAY, to));
      quickCreate(done.day, done.from, Math.min(DAY, to), done.ghost, null);
      return;
    }
    if (!done.moved) { return; }
    done.item.addEventListener("click", function stop(e) { e.preventDefault(); done.item.removeEventListener("click", stop, true); }, true);
    save(done.item, wall(done.newDay, done.newStart), wall(done.newDay, done.newEnd), false);
  });

  // ---- Keyboard: Alt+arrows on an event; Enter on "+" opens the quick form ----
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || !/^Arrow/.test(event.key)) { return; }
    var item = event.target.closest && event.target.closest(".tg-event[data-movable]");
    if (!item) { return; }
    event.preventDefault();
    var start = item.getAttribute("data-start"), end = item.getAttribute("data-end");
    var step = { ArrowUp: -SNAP, ArrowDown: SNAP, ArrowLeft: -DAY, ArrowRight: DAY }[event.key];
    if (event.shiftKey) {
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") { return; }
      var newEnd = shift(end, step);
      if (Date.parse(newEnd + "Z") <= Date.parse(start + "Z")) { return; }
      save(item, start, newEnd, true);
    } else {
      save(item, shift(start, step), shift(end, step), true);
    }
  });
  document.addEventListener("click", function (event) {
    var add = event.target.closest && event.target.closest(".tg-add");
    var g = grid();
    if (!add || !g || !g.hasAttribute("data-editable")) { return; }
    event.preventDefault();
    var day = add.closest(".tg-day").getAttribute("data-day");
    quickCreate(day, 9 * 60, 10 * 60, add, add);
  });

  // ---- Scroll to working hours; keep the current-time line current ----
  function settle(root) {
    var scroller = (root || document).querySelector ? (root || document).querySelector(".tg-scroll") : null;
    if (scroller && !scroller.hasAttribute("data-scrolled")) {
      scroller.setAttribute("data-scrolled", "");
      var hours = scroller.querySelectorAll(".tg-hours li");
      if (hours.length > 8) { scroller.scrollTop = hours[8].offsetTop; }
    }
  }
  function tick() {
    var line = document.querySelector("[data-now]");
    if (!line) { return; }
    var now = new Date();
    var text = new Intl.DateTimeFormat("en-GB", { timeZone: document.documentElement.getAttribute("data-zone") || undefined, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now);
    var parts = text.split(":").map(Number);
    setRows(line, parts[0] * 60 + parts[1], parts[0] * 60 + parts[1] + 5);
    line.className = line.className.replace(/\bs-\d+\b/, "").trim();
  }
  document.addEventListener("DOMContentLoaded", function () { settle(document); setInterval(tick, 60000); });
  document.addEventListener("htmx:load", function (event) { settle(event.target); });
})();

// Registration: the time zone starts as the browser's (when the list has it).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var select = document.querySelector("select[data-browser-zone]");
  if (!select || select.closest("form").querySelector(".errorlist")) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) {
    select.value = zone;
  }
});

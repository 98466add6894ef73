// Live pages: regions marked data-live="topic ..." refresh when the server says a topic
// changed (one EventSource per page, /live/stream). A region with data-live-src (or hx-get)
// reloads from that partial endpoint; any other is taken, by its id, from a fresh copy of
// the page. Without JavaScript the pages are plain pages.
(function () {
  "use strict";
  var body = document.body;
  var streamUrl = body.getAttribute("data-live-stream");
  if (!streamUrl || !window.EventSource) {
    return;
  }

  function regions() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-live]"));
  }

  function topicsOf(element) {
    return element.getAttribute("data-live").split(/\s+/).filter(Boolean);
  }

  var topics = {};
  regions().forEach(function (element) {
    topicsOf(element).forEach(function (topic) { topics[topic] = true; });
  });
  var names = Object.keys(topics).sort();
  if (names.length === 0) {
    return;
  }
  var eventHolder = document.querySelector("[data-live-event]");
  var url = streamUrl + "?topics=" + encodeURIComponent(names.join(","));
  var rendered = body.getAttribute("data-live-since");
  if (rendered) {
    url += "&since=" + encodeURIComponent(rendered);
  }
  if (eventHolder) {
    url += "&event=" + encodeURIComponent(eventHolder.getAttribute("data-live-event"));
  }

  var due = {};
  var timer = null;

  function schedule(topic) {
    due[topic] = true;
    if (timer === null) {
      timer = window.setTimeout(refreshDue, 150); // one refresh for a burst of changes
    }
  }

  function refreshDue() {
    var changed = due;
    due = {};
    timer = null;
    var fromPage = [];
    regions().forEach(function (element) {
      if (!topicsOf(element).some(function (topic) { return changed[topic]; })) {
        return;
      }
      var source = element.getAttribute("data-live-src") || element.getAttribute("hx-get");
      if (source && window.htmx) {
        // Its own source: requests from one element are serialised (dropped) by htmx.
        window.htmx.ajax("GET", source, { source: element, target: element, swap: "innerHTML" });
      } else if (element.id) {
        fromPage.push(element.id);
      }
    });
    if (fromPage.length) {
      refreshFromPage(fromPage);
    }
  }

  function refreshFromPage(ids) {
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Live-Refresh": "1" } })
      .then(function (response) {
        if (response.status === 404 || response.status === 403) {
          announceGone();
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ids.forEach(function (id) {
          var current = document.getElementById(id);
          var replacement = fresh.getElementById(id);
          if (current && replacement) {
            var focus = focusIn(current);
            var scrolls = scrollsIn(current);
            current.replaceWith(replacement);
            if (window.htmx) {
              window.htmx.process(replacement);
            }
            restoreScrolls(replacement, scrolls);
            restoreFocus(replacement, focus);
          }
        });
        body.setAttribute("data-live-refreshed", String(Date.now()));
      })
      .catch(function () { /* the next change (or the next visit) refreshes it */ });
  }

  function announceGone() {
    if (document.getElementById("live-gone")) {
      return;
    }
    var notice = document.createElement("p");
    notice.id = "live-gone";
    notice.className = "notice";
    notice.setAttribute("role", "status");
    notice.textContent = "This page is gone: it was deleted, or you may no longer see it.";
    var main = document.getElementById("main");
    main.insertBefore(notice, main.firstChild);
  }

  // A refreshed region keeps what the person was doing: the focused control (found again by
  // its id, its event, or its name and value) and the scroll positions inside the region.
  function focusIn(element) {
    var active = document.activeElement;
    if (!active || active === document.body || !element.contains(active)) {
      return null;
    }
    var holder = active.closest("[data-event-id]");
    return {
      id: active.id,
      eventId: holder ? holder.getAttribute("data-event-id") : null,
      tag: active.tagName.toLowerCase(),
      name: active.getAttribute("name"),
      value: active.getAttribute("value")
    };
  }

  function restoreFocus(scope, focus) {
    if (!focus || (document.activeElement && document.activeElement !== document.body)) {
      return;
    }
    var found = focus.id ? document.getElementById(focus.id) : null;
    if (!found && focus.eventId) {
      var holder = scope.querySelector('[data-event-id="' + CSS.escape(focus.eventId) + '"]');
      if (holder) {
        found = holder.matches(focus.tag) ? holder : holder.querySelector(focus.tag);
      }
    }
    if (!found && focus.name) {
      found = Array.prototype.find.call(scope.querySelectorAll("[name]"), function (element) {
        return element.getAttribute("name") === focus.name &&
          element.getAttribute("value") === focus.value;
      });
    }
    if (found) {
      found.focus({ preventScroll: true });
    }
  }

  function scrollsIn(element) {
    return Array.prototype.filter.call(element.querySelectorAll("[id], [class]"), function (item) {
      return item.scrollTop > 0 || item.scrollLeft > 0;
    }).map(function (item) {
      var selector = item.id ? "#" + CSS.escape(item.id) : "." + CSS.escape(item.classList[0]);
      return { selector: selector, top: item.scrollTop, left: item.scrollLeft };
    });
  }

  function restoreScrolls(scope, scrolls) {
    scrolls.forEach(function (scroll) {
      var item = scope.querySelector(scroll.selector);
      if (item) {
        item.scrollTop = scroll.top;
        item.scrollLeft = scroll.left;
      }
    });
  }

  var source = new EventSource(url);
  source.addEventListener("ready", function () {
    body.setAttribute("data-live-ready", "1");
  });
  source.addEventListener("change", function (event) {
    var change = JSON.parse(event.data);
    schedule(change.topic);
  });
  source.addEventListener("error", function () {
    body.removeAttribute("data-live-ready"); // EventSource reconnects with Last-Event-ID
  });
})();

// The booking timeline: every free stretch is a link that books its first half hour. The timeline is
// one stop for the Tab key (a roving tab stop, the ARIA grid pattern): the arrow keys move the chosen
// half hour inside a free stretch and on to the bookings and stretches beside it (left/right) or to the
// room above or below (up/down), Home and End to the row's ends, Enter books or opens the booking; with
// the pointer a click books the half hour under it and a drag from one half hour to another books that
// span. The link's address and name follow the choice, so without JavaScript, and for screen readers,
// it stays an ordinary link, and without JavaScript every link is a tab stop of its own.
(function () {
  var SLOT = 30;

  function pad(n) { return String(n).padStart(2, "0"); }

  // "2026-12-03T10:00:00+01:00" plus k half hours, same day and offset (the grid ends at 19:00).
  function shifted(iso, k) {
    var time = iso.slice(11, 16).split(":");
    var minutes = parseInt(time[0], 10) * 60 + parseInt(time[1], 10) + k * SLOT;
    var hm = pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
    return { iso: iso.slice(0, 11) + hm + iso.slice(16), hm: hm };
  }

  var ITEMS = "[data-free], a.tl-block";  // what the arrow keys move between: free stretches, visible bookings

  function isFree(item) { return item.hasAttribute("data-free"); }
  function classNumber(item, prefix) {
    var match = item.className.match(new RegExp("\\b" + prefix + "(\\d+)\\b"));
    return match ? parseInt(match[1], 10) : 0;
  }
  function slotsOf(item) { return isFree(item) ? parseInt(item.dataset.slots, 10) : classNumber(item, "tl-w"); }
  function colOf(item) { return isFree(item) ? parseInt(item.dataset.col, 10) : classNumber(item, "tl-s"); }

  // Choose half hours [from, to] (0-based inside the stretch) on the link.
  function choose(link, from, to) {
    var last = slotsOf(link) - 1;
    from = Math.max(0, Math.min(from, last));
    to = Math.max(from, Math.min(to === undefined ? from : to, last));
    link.dataset.at = from;
    var start = shifted(link.dataset.start, from);
    var href = link.dataset.base + encodeURIComponent(start.iso);
    if (to > from) {
      href += "&end=" + encodeURIComponent(shifted(link.dataset.start, to + 1).iso);
    }
    link.setAttribute("href", href);
    link.setAttribute("aria-label", link.dataset.name + " " + start.hm + ": " + link.dataset.action);
    var cursor = link.querySelector(".tl-cursor");
    cursor.className = "tl-cursor tl-s" + from + " tl-w" + (to - from + 1);
  }

  function at(link) { return isFree(link) ? parseInt(link.dataset.at || "0", 10) : 0; }

  function itemsIn(row) { return row ? Array.prototype.slice.call(row.querySelectorAll(ITEMS)) : []; }

  // Move the tab stop to item and focus it; a free stretch at its half hour `slot` (from its start).
  function go(item, slot) {
    if (isFree(item)) {
      choose(item, slot === "last" ? slotsOf(item) - 1 : (slot || 0));
    }
    item.focus();
  }

  // The item of a row at column col (or the nearest one), focused at that column.
  function goColumn(row, col) {
    var best = null;
    var distance = Infinity;
    itemsIn(row).forEach(function (item) {
      var lo = colOf(item);
      var hi = lo + Math.max(slotsOf(item), 1) - 1;
      var d = col < lo ? lo - col : (col > hi ? col - hi : 0);
      if (d < distance) {
        distance = d;
        best = item;
      }
    });
    if (best) {
      go(best, col - colOf(best));
    }
  }

  function nextRow(row, step) {
    var sibling = step > 0 ? row.nextElementSibling : row.previousElementSibling;
    while (sibling && !itemsIn(sibling).length) {
      sibling = step > 0 ? sibling.nextElementSibling : sibling.previousElementSibling;
    }
    return sibling;
  }

  // One tab stop per timeline: the item last focused (at first the first one).
  function rove(timeline, stop) {
    Array.prototype.forEach.call(timeline.querySelectorAll(ITEMS), function (item) {
      item.setAttribute("tabindex", item === stop ? "0" : "-1");
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-timeline]"), function (timeline) {
    var first = timeline.querySelector(ITEMS);
    if (first) {
      rove(timeline, first);
    }
  });
  document.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest(ITEMS);
    var timeline = item && item.closest("[data-timeline]");
    if (timeline && item.getAttribute("tabindex") !== "0") {
      rove(timeline, item);
    }
  });

  document.addEventListener("keydown", function (event) {
    var item = event.target.closest && event.target.closest(ITEMS);
    if (!item || !item.closest("[data-timeline]") || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var row = item.closest("[data-row]");
    var items = itemsIn(row);
    var index = items.indexOf(item);
    var col = colOf(item) + at(item);
    var handled = true;
    if (event.key === "ArrowRight") {
      if (isFree(item) && at(item) < slotsOf(item) - 1) {
        choose(item, at(item) + 1);
      } else if (index < items.length - 1) {
        go(items[index + 1], 0);
      }
    } else if (event.key === "ArrowLeft") {
      if (isFree(item) && at(item) > 0) {
        choose(item, at(item) - 1);
      } else if (index > 0) {
        go(items[index - 1], "last");
      }
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var other = nextRow(row, event.key === "ArrowDown" ? 1 : -1);
      if (other) {
        goColumn(other, col);
      }
    } else if (event.key === "Home") {
      go(items[0], 0);
    } else if (event.key === "End") {
      go(items[items.length - 1], "last");
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  function slotUnder(link, event) {
    var box = link.getBoundingClientRect();
    return Math.floor(((event.clientX - box.left) / box.width) * slotsOf(link));
  }

  var dragFrom = null;
  document.addEventListener("pointerdown", function (event) {
    var link = event.target.closest && event.target.closest("[data-free]");
    dragFrom = link && event.button === 0 ? { link: link, slot: slotUnder(link, event) } : null;
  });
  document.addEventListener("pointermove", function (event) {
    var link = event.target.closest && event.target.closest("[data-free]");
    if (!link) {
      return;
    }
    var slot = slotUnder(link, event);
    if (dragFrom && dragFrom.link === link && event.buttons === 1) {
      choose(link, Math.min(dragFrom.slot, slot), Math.max(dragFrom.slot, slot));
    } else if (!dragFrom) {
      choose(link, slot);
    }
  });
  // Runs before booking-dialog.js's click handler (capture): the address it loads is the one chosen.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-free]");
    if (!link || event.detail === 0) {  // detail 0: Enter on the keyboard, the choice is made already
      return;
    }
    var slot = slotUnder(link, event);
    if (dragFrom && dragFrom.link === link && dragFrom.slot !== slot) {
      choose(link, Math.min(dragFrom.slot, slot), Math.max(dragFrom.slot, slot));
    } else {
      choose(link, slot);
    }
    dragFrom = null;
  }, true);
})();

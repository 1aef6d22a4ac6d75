// The booking timeline: every free stretch is a link that books its first half hour. Inside it the
// arrow keys move the chosen half hour (left/right, across to the next stretch at the ends; up/down to
// the room above or below), Enter books it; with the pointer a click books the half hour under it and
// a drag from one half hour to another books that span. The link's address and name follow the
// choice, so without JavaScript, and for screen readers, it stays an ordinary link.
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

  function slotsOf(link) { return parseInt(link.dataset.slots, 10); }
  function colOf(link) { return parseInt(link.dataset.col, 10); }

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

  function at(link) { return parseInt(link.dataset.at || "0", 10); }

  function freeIn(row) { return row ? Array.prototype.slice.call(row.querySelectorAll("[data-free]")) : []; }

  // The free link of a row at column col (or the nearest one), focused at that column.
  function focusColumn(row, col) {
    var links = freeIn(row);
    if (!links.length) {
      return false;
    }
    var best = links[0];
    var distance = Infinity;
    links.forEach(function (link) {
      var lo = colOf(link);
      var hi = lo + slotsOf(link) - 1;
      var d = col < lo ? lo - col : (col > hi ? col - hi : 0);
      if (d < distance) {
        distance = d;
        best = link;
      }
    });
    choose(best, col - colOf(best));
    best.focus();
    return true;
  }

  function nextRow(row, step) {
    var sibling = step > 0 ? row.nextElementSibling : row.previousElementSibling;
    while (sibling && !freeIn(sibling).length) {
      sibling = step > 0 ? sibling.nextElementSibling : sibling.previousElementSibling;
    }
    return sibling;
  }

  document.addEventListener("keydown", function (event) {
    var link = event.target.closest && event.target.closest("[data-free]");
    if (!link || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var row = link.closest("[data-row]");
    var links = freeIn(row);
    var index = links.indexOf(link);
    var col = colOf(link) + at(link);
    var handled = true;
    if (event.key === "ArrowRight") {
      if (at(link) < slotsOf(link) - 1) {
        choose(link, at(link) + 1);
      } else if (index < links.length - 1) {
        choose(links[index + 1], 0);
        links[index + 1].focus();
      }
    } else if (event.key === "ArrowLeft") {
      if (at(link) > 0) {
        choose(link, at(link) - 1);
      } else if (index > 0) {
        var before = links[index - 1];
        choose(before, slotsOf(before) - 1);
        before.focus();
      }
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var other = nextRow(row, event.key === "ArrowDown" ? 1 : -1);
      if (other) {
        focusColumn(other, col);
      }
    } else if (event.key === "Home") {
      choose(links[0], 0);
      links[0].focus();
    } else if (event.key === "End") {
      var end = links[links.length - 1];
      choose(end, slotsOf(end) - 1);
      end.focus();
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
  // Runs before htmx's own click handler on the link: the address is the one chosen.
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

  // htmx read the address when the page loaded; send the one chosen now.
  document.addEventListener("htmx:configRequest", function (event) {
    var link = event.detail.elt;
    if (link && link.matches && link.matches("[data-free]")) {
      event.detail.path = link.getAttribute("href");
    }
  });
})();

// The grid's booking dialog: a free time's link ([data-free] in the day, [data-book] in the week) loads
// the form (htmx.ajax: one listener here rather than htmx attributes on thousands of links) into
// #booking-panel inside the dialog; it then opens next to the half hour chosen (beside it, else below or above, inside the
// window), on phones as a sheet along the bottom. The focus goes to the first field; Escape and
// "Close" close it and give the focus back to the link. Sending the form stays inside the dialog
// (errors, alternatives) until the booking is made and the server sends the page on (HX-Redirect).
(function () {
  var dialog = document.getElementById("booking-dialog");
  var panel = document.getElementById("booking-panel");
  if (!dialog || !panel || typeof dialog.showModal !== "function") {
    return;
  }
  var GAP = 8;  // px between the chosen half hour and the dialog, and from the window's edges
  var NARROWEST = 384;  // px (24rem): narrower than that, the dialog goes below or above instead
  var phone = window.matchMedia("(max-width: 40rem)");  // as timeline.css: there a sheet, placed by CSS
  var opener = null;

  // The part of the link the person chose: in the day view its half-hour cursor, else the link.
  function anchorOf(link) {
    return (link && link.isConnected && link.querySelector(".tl-cursor")) || link;
  }

  function clamp(value, low, high) {
    return Math.max(low, Math.min(value, high));
  }

  function unplace() {
    dialog.classList.remove("booking-panel--placed");
    dialog.style.left = dialog.style.top = dialog.style.maxHeight = dialog.style.width = "";
  }

  // Beside the anchor where the dialog fits (right, then left; narrower if need be), else below or above
  // it; always inside the window (one too small for that gets it over the anchor, as near below as it can).
  function place() {
    var anchor = anchorOf(opener);
    unplace();
    if (!dialog.open || phone.matches || !anchor) {
      return;
    }
    var slot = anchor.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var height = document.documentElement.clientHeight;
    dialog.classList.add("booking-panel--placed");
    dialog.style.maxHeight = (height - 2 * GAP) + "px";
    var box = dialog.getBoundingClientRect();
    var right = width - GAP - (slot.right + GAP);  // room beside the anchor
    var leftRoom = slot.left - GAP - GAP;
    if (box.width > Math.max(right, leftRoom) && Math.max(right, leftRoom) >= NARROWEST) {
      dialog.style.width = Math.floor(Math.max(right, leftRoom)) + "px";  // narrower (the fields stack), beside
      box = dialog.getBoundingClientRect();
    }
    var left;
    var top;
    if (box.width <= right) {
      left = slot.right + GAP;
    } else if (box.width <= leftRoom) {
      left = slot.left - GAP - box.width;
    }
    if (left !== undefined) {
      top = clamp(slot.top - GAP, GAP, height - GAP - box.height);
    } else {
      left = clamp(slot.left, GAP, width - GAP - box.width);
      if (box.height <= height - slot.bottom - 2 * GAP) {
        top = slot.bottom + GAP;
      } else if (box.height <= slot.top - 2 * GAP) {
        top = slot.top - GAP - box.height;
      } else {  // no room either way: as near below as the window allows
        top = clamp(slot.bottom + GAP, GAP, height - GAP - box.height);
      }
    }
    dialog.style.left = Math.round(left) + "px";
    dialog.style.top = Math.round(top) + "px";
  }

  function firstField() {
    return panel.querySelector("form select, form input:not([type=hidden]), form textarea");
  }

  // A click (or Enter) on a free time: the form into the dialog. A click that opens a new tab or window
  // stays the browser's; timeline.js has already set the link's address to the half hour chosen.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-free], a[data-book]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey
        || event.altKey || typeof htmx === "undefined") {
      return;
    }
    event.preventDefault();
    htmx.ajax("GET", link.getAttribute("href"), { source: link, target: panel });
  });

  // Who asked for the form: the link to give the focus back to (not a button inside the dialog).
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.target === panel && !dialog.contains(event.detail.elt)) {
      opener = event.detail.elt;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== panel) {
      return;
    }
    if (!dialog.open) {
      dialog.showModal();
    }
    place();
  });

  // After intranet.js: an error summary it focused keeps the focus; a new form focuses its first field.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target !== panel || !dialog.open) {
      return;
    }
    var focused = document.activeElement;
    if (!focused || !panel.contains(focused)) {
      var field = firstField();
      if (field) {
        field.focus();
      }
    }
  });

  // The form could not be fetched (server error, network): the link's own page instead of nothing.
  // Sending it failed: say so above the form, which keeps what was typed.
  function fallBack(event) {
    var link = event.detail.elt;
    if (event.detail.target !== panel) {
      return;
    }
    if (!dialog.open && link && link.href) {
      window.location.href = link.href;
    } else if (dialog.open) {
      var alert = panel.querySelector(".booking-dialog__failed");
      if (!alert) {
        alert = document.getElementById("booking-dialog-failed").content.firstElementChild.cloneNode(true);
        panel.insertBefore(alert, panel.firstChild);
      }
      alert.focus();
    }
  }
  document.addEventListener("htmx:responseError", fallBack);
  document.addEventListener("htmx:sendError", fallBack);

  dialog.querySelector("[data-dialog-close]").addEventListener("click", function () {
    dialog.close();
  });
  // Escape closes a modal dialog by itself; either way the link that opened it gets the focus back.
  dialog.addEventListener("close", function () {
    unplace();
    if (opener && opener.isConnected) {
      opener.focus();
    }
  });
  window.addEventListener("resize", place);
})();

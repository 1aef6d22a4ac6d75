// Move keyboard focus to the element that asks for it (an error summary, a decided task), so
// keyboard and screen-reader users land on what changed: after a page load, and after an htmx
// swap, looking only inside what was swapped in (typing elsewhere is never interrupted).
(function () {
  function wantedIn(root) {
    if (!root) {
      return null;
    }
    if (root.matches && root.matches("[data-autofocus]")) {
      return root;
    }
    return root.querySelector ? root.querySelector("[data-autofocus]") : null;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var wanted = wantedIn(document);
    if (wanted) {
      wanted.focus();
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail.elt;
    // After an outerHTML swap the event names the old element; its replacement has the same id.
    if (swapped && !swapped.isConnected && swapped.id) {
      swapped = document.getElementById(swapped.id);
    }
    var wanted = wantedIn(swapped);
    if (wanted) {
      wanted.focus();
    }
  });
})();

// Booking alternatives: "use this time" or another resource fills the form above, keeping the
// booking's length; the person then checks and submits (nothing is booked without them).
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill-start], [data-fill-resource]");
    if (!button) {
      return;
    }
    var form = button.closest("#booking-form").querySelector("form");
    if (button.dataset.fillResource) {
      form.elements.resource.value = button.dataset.fillResource;
    }
    if (button.dataset.fillStart) {
      var parts = button.dataset.fillStart.split("T");
      var toMinutes = function (value) {
        var hm = value.split(":");
        return parseInt(hm[0], 10) * 60 + parseInt(hm[1], 10);
      };
      var length = toMinutes(form.elements.end.value) - toMinutes(form.elements.start.value);
      var end = toMinutes(parts[1]) + (length > 0 ? length : 60);
      var pad = function (n) { return String(n).padStart(2, "0"); };
      form.elements.day.value = parts[0];
      form.elements.start.value = parts[1];
      form.elements.end.value = pad(Math.floor(end / 60) % 24) + ":" + pad(end % 60);
    }
    form.querySelector("button[type=submit]").focus();
  });
})();

// "Copy link" buttons: put the address on the clipboard and say so on the button (read out, as
// the button keeps the focus).
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(button.dataset.copy).then(function () {
      button.textContent = button.dataset.copied;
    });
  });
})();

// "Print" buttons (CSP allows no inline handlers).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// The sign-in's end (WCAG 2.2.1): a few minutes before, a dialog offers more time; once it has ended,
// it says so and leaves the page as it is (what was typed stays). Before it warns, and whenever the
// page is shown or focused again, it asks the server, so a sign-in renewed (or signed in again) in
// another tab counts here too, and the page's CSRF tokens are refreshed so its forms can be sent.
(function () {
  var dialog = document.getElementById("session-expiry");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var warnMs = parseInt(dialog.dataset.warnSeconds, 10) * 1000;
  var endsAt = Date.now() + parseInt(dialog.dataset.secondsLeft, 10) * 1000;
  var extend = dialog.querySelector("[data-session-extend]");
  var askedAt = 0;  // when the server last said how long is left
  var dismissed = null;  // the state the person closed the warning for: not shown again for it
  var shown = null;

  function refreshCsrf(token) {
    document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
      input.value = token;
    });
    var headers = document.body.getAttribute("hx-headers");
    if (headers) {
      var parsed = JSON.parse(headers);
      parsed["X-CSRFToken"] = token;
      document.body.setAttribute("hx-headers", JSON.stringify(parsed));
    }
  }

  function check() {
    var left = endsAt - Date.now();
    if (left > warnMs) {
      shown = null;
      if (dialog.open) {
        dialog.close();
      }
      return;
    }
    if (Date.now() - askedAt > 10000) {
      ask("GET");  // the server may know better (another tab); it calls check again
      return;
    }
    var ended = left <= 0;
    var state = (ended ? "over:" : "soon:") + endsAt;
    dialog.querySelectorAll("[data-session-soon]").forEach(function (el) { el.hidden = ended; });
    dialog.querySelectorAll("[data-session-over]").forEach(function (el) { el.hidden = !ended; });
    extend.hidden = ended;
    dialog.querySelector("[data-session-end]").textContent = new Date(endsAt).toLocaleTimeString(
      document.documentElement.lang, {hour: "2-digit", minute: "2-digit"});
    if (state === shown || state === dismissed) {
      return;
    }
    shown = state;
    if (dialog.open) {
      dialog.close();  // opened again, so the new state is announced
    }
    dialog.showModal();
    (ended ? dialog.querySelector("[data-session-sign-in]") : extend).focus();
  }

  function ask(method) {
    var headers = {"Accept": "application/json"};
    if (method === "POST") {
      headers["X-CSRFToken"] = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    }
    askedAt = Date.now();
    return fetch(dialog.dataset.statusUrl, {method: method, headers: headers, credentials: "same-origin"})
      .then(function (response) {
        // Signed out, the answer is the sign-in page (a redirect), not JSON.
        if (!response.ok || response.redirected) {
          throw new Error("signed out");
        }
        return response.json();
      })
      .then(function (status) {
        endsAt = Date.now() + status.seconds_left * 1000;
        refreshCsrf(status.csrf_token);
      })
      .catch(function () {
        endsAt = Math.min(endsAt, Date.now());
      })
      .then(function () {
        askedAt = Date.now();
        check();
      });
  }

  extend.addEventListener("click", function () {
    ask("POST");
  });
  function dismiss() {
    dismissed = shown;
  }
  dialog.querySelector("[data-session-close]").addEventListener("click", function () {
    dismiss();
    dialog.close();
  });
  dialog.addEventListener("cancel", dismiss);  // Escape
  function again() {
    if (document.visibilityState === "visible") {
      ask("GET");
    }
  }
  document.addEventListener("visibilitychange", again);
  window.addEventListener("focus", again);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {  // back from the browser's cache: its clock is old
      again();
    }
  });
  // A timer, not one long timeout: a laptop that slept wakes up to the right state.
  setInterval(check, 15000);
  check();
})();

// The main navigation (disclosure pattern): on phones one "Menu" button shows and hides the areas;
// on wider screens each area's button opens its list of links. Escape closes and gives the focus
// back to the button; a click or the focus elsewhere closes an open area. Without this script the
// buttons stay hidden (CSS) and every area shows its links.
(function () {
  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function openAreas(nav) {
    return nav.querySelectorAll(".nav-area__toggle[aria-expanded=true]");
  }
  function closeAreas(nav, except) {
    openAreas(nav).forEach(function (button) {
      if (button !== except) {
        setOpen(button, false);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector("[data-main-nav]");
    if (!nav) {
      return;
    }
    nav.classList.add("main-nav--js");
    var menu = nav.querySelector(".main-nav__menu");
    nav.addEventListener("click", function (event) {
      var button = event.target.closest(".main-nav__menu, .nav-area__toggle");
      if (!button) {
        return;
      }
      var open = button.getAttribute("aria-expanded") !== "true";
      if (button.classList.contains("nav-area__toggle")) {
        closeAreas(nav, button);
      }
      setOpen(button, open);
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      var area = event.target.closest(".nav-area");
      var toggle = area && area.querySelector(".nav-area__toggle");
      if (toggle && toggle.getAttribute("aria-expanded") === "true" && toggle.offsetParent !== null) {
        setOpen(toggle, false);
        toggle.focus();
      } else if (menu.getAttribute("aria-expanded") === "true") {
        setOpen(menu, false);
        menu.focus();
      } else {
        return;
      }
      event.preventDefault();
    });
    nav.addEventListener("focusout", function (event) {
      var area = event.target.closest(".nav-area");
      if (area && !(event.relatedTarget && area.contains(event.relatedTarget))) {
        var toggle = area.querySelector(".nav-area__toggle");
        if (event.relatedTarget) {  // (not when the window itself loses the focus)
          setOpen(toggle, false);
        }
      }
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest(".nav-area")) {
        closeAreas(nav);
      }
    });
  });
})();

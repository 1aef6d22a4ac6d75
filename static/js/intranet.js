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

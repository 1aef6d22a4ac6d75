// Move keyboard focus to the element that asks for it (an error summary, a decided task), so
// keyboard and screen-reader users land on what changed: after a page load and after htmx swaps.
(function () {
  function focusWanted(root) {
    var wanted = root && root.matches && root.matches("[data-autofocus]") ? root : null;
    wanted = wanted || (root && root.querySelector ? root.querySelector("[data-autofocus]") : null);
    wanted = wanted || document.querySelector("[data-autofocus]");
    if (wanted) {
      wanted.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-autofocus]")) {
      focusWanted(document);
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt && event.detail.elt.isConnected ? event.detail.elt : document;
    focusWanted(target);
  });
})();

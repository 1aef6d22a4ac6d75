// After htmx swaps in new content, move keyboard focus to the element that asks for it
// (a decided task, an error summary), so keyboard and screen-reader users are not left on <body>.
document.addEventListener("htmx:afterSettle", function (event) {
  var target = event.detail.elt && event.detail.elt.isConnected ? event.detail.elt : document;
  var wanted = target.matches && target.matches("[data-autofocus]") ? target : target.querySelector("[data-autofocus]");
  if (!wanted) {
    wanted = document.querySelector("[data-autofocus]");
  }
  if (wanted) {
    wanted.focus();
  }
});

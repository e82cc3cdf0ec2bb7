// The receipt's print button (no inline handlers: the Content-Security-Policy allows only the site's own scripts).
(function () {
  var button = document.getElementById("print-receipt");
  if (button) button.addEventListener("click", function () { window.print(); });
})();

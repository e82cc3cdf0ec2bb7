// Print buttons (the receipt's, a catalogue record's): no inline handlers, the Content-Security-Policy allows only the
// site's own scripts.
(function () {
  var buttons = document.querySelectorAll("#print-receipt, [data-print]");
  for (var i = 0; i < buttons.length; i++) buttons[i].addEventListener("click", function () { window.print(); });
})();

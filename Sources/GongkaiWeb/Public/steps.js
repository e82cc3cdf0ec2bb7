// The outcome list of the case page, filtered as one types (the radio buttons work without it).
(function () {
  var filter = document.getElementById("outcome-filter");
  var list = document.getElementById("outcomes");
  if (!filter || !list) return;
  filter.hidden = false;
  filter.addEventListener("input", function () {
    var words = filter.value.trim().split(/\s+/).filter(Boolean);
    list.querySelectorAll("fieldset.group").forEach(function (group) {
      var legend = group.querySelector("legend");
      var groupText = legend ? legend.textContent : "";
      var shown = 0;
      group.querySelectorAll("label.choice").forEach(function (choice) {
        var text = groupText + choice.textContent;
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        choice.hidden = !match;
        if (match) shown++;
      });
      group.hidden = shown === 0;
    });
  });
})();

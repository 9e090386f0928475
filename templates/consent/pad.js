// The signature pad on a consent form: strokes drawn with a finger, pen or mouse are kept as
// points on a 3000 x 1000 grid and sent with the form. Without this script the typed name
// alone is the signature.
(function () {
  "use strict";
  var W = 3000;
  var H = 1000;
  var form = document.querySelector("form[data-sign]");
  var box = document.querySelector("[data-pad]");
  if (!form || !box) return;
  var canvas = box.querySelector("canvas");
  var field = form.querySelector("[data-strokes]");
  var strokes = [];
  var current = null;
  var problem = box.querySelector("[data-pad-error]");
  var hint = form.querySelector("[data-name-hint]");
  box.hidden = false;
  if (hint) hint.textContent = "Type your full name, then sign in the box below.";

  function draw() {
    var rect = canvas.getBoundingClientRect();
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(rect.width * ratio);
    canvas.height = Math.round(rect.height * ratio);
    var ctx = canvas.getContext("2d");
    ctx.setTransform(canvas.width / W, 0, 0, canvas.height / H, 0, 0);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.lineWidth = 14;
    ctx.strokeStyle = "#111827";
    strokes.forEach(function (stroke) {
      ctx.beginPath();
      stroke.forEach(function (p, i) {
        if (i === 0) ctx.moveTo(p[0], p[1]);
        else ctx.lineTo(p[0], p[1]);
      });
      if (stroke.length === 1) ctx.lineTo(stroke[0][0] + 0.1, stroke[0][1]);
      ctx.stroke();
    });
  }

  function point(event) {
    var rect = canvas.getBoundingClientRect();
    var x = Math.round(((event.clientX - rect.left) / rect.width) * W);
    var y = Math.round(((event.clientY - rect.top) / rect.height) * H);
    return [Math.min(W, Math.max(0, x)), Math.min(H, Math.max(0, y))];
  }

  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    current = [point(event)];
    strokes.push(current);
    problem.hidden = true;
    draw();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!current) return;
    var p = point(event);
    var last = current[current.length - 1];
    if (Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) < 4) return;
    current.push(p);
    draw();
  });
  function end() {
    current = null;
    field.value = strokes.length ? JSON.stringify(strokes) : "";
  }
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  box.querySelector("[data-clear]").addEventListener("click", function () {
    strokes = [];
    end();
    draw();
  });
  form.addEventListener("submit", function (event) {
    if (strokes.length) return;
    event.preventDefault();
    problem.hidden = false;
    canvas.focus();
  });
  window.addEventListener("resize", draw);
  draw();
})();

// Check-in by camera: reads the ticket's QR code from the camera with jsQR (vendored)
// and submits the code through the page's own form, as if it had been typed. Shown only
// where the browser can open a camera; the typed form works without it.
//
// At a gate tickets come one after another: after a scanned check-in the page comes
// back with the result and the camera starts again by itself, until "Stop camera".
// The code just submitted is not submitted again while it stays in front of the
// camera (a second, deliberate try is typed or follows another ticket).
(function () {
  "use strict";
  var box = document.querySelector(".checkin-scan");
  var form = document.querySelector("form.checkin-form");
  var media = navigator.mediaDevices;
  if (!box || !form || !media || !media.getUserMedia || typeof jsQR !== "function") {
    return;
  }
  var input = form.querySelector('input[name="token"]');
  var start = box.querySelector(".scan-start");
  var stop = box.querySelector(".scan-stop");
  var hint = box.querySelector(".scan-hint");
  var error = box.querySelector(".scan-error");
  var video = box.querySelector("video");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var FRAME_MS = 100; // ten looks a second: enough for a code held up to the camera
  var SCANNING = "tourlink.checkin.scanning"; // this tab's session only
  var LAST = "tourlink.checkin.last";

  function remember(key, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, value);
    } catch (e) { /* storage refused: no automatic restart */ }
  }

  function recalled(key) {
    try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
  }

  box.hidden = false;

  // What the page shows while the camera is on, or off.
  function showCamera(on) {
    video.hidden = !on;
    hint.hidden = !on;
    stop.hidden = !on;
    start.hidden = on;
  }

  function halt() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.srcObject = null;
    showCamera(false);
  }

  function look() {
    if (!stream) return;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = jsQR(image.data, image.width, image.height);
      var text = code && code.data ? code.data.trim() : "";
      if (text && text !== recalled(LAST)) {
        halt();
        remember(SCANNING, "1");
        remember(LAST, text);
        input.value = text;
        box.dataset.scanned = "true";
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
        return;
      }
    }
    window.setTimeout(look, FRAME_MS);
  }

  function openCamera() {
    error.hidden = true;
    media.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (opened) {
        stream = opened;
        video.srcObject = opened;
        showCamera(true);
        return video.play();
      })
      .then(function () { window.setTimeout(look, 0); })
      .catch(function () {
        halt();
        remember(SCANNING, null);
        error.hidden = false;
      });
  }

  start.addEventListener("click", function () {
    remember(LAST, null); // a fresh start may read the last code again
    openCamera();
  });
  stop.addEventListener("click", function () {
    halt();
    remember(SCANNING, null);
  });
  if (recalled(SCANNING)) openCamera(); // back from a scanned check-in: the next ticket
})();

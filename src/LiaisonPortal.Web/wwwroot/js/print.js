// The print button shows only where JavaScript runs; the hint beside it says how to print with the browser's menu.
document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
});

/*
 * Segmentflow signup popup (app embed, blocks/popup.liquid). Shows the dialog after a delay or on
 * exit intent, at most once per frequency cap (localStorage), never again after a signup; keeps
 * focus inside it while open, closes on Escape, and posts the form as JSON to the storefront's
 * own /apps/segmentflow/signup (Shopify's app proxy signs and forwards it to the app).
 */
(function () {
  "use strict";
  var root = document.getElementById("segmentflow-popup");
  if (!root || root.getAttribute("data-sf-ready")) return;
  root.setAttribute("data-sf-ready", "1");

  var STORE_KEY = "segmentflow-popup";
  var DAY = 86400000;
  var dialog = root.querySelector(".sf-popup__dialog");
  var form = root.querySelector("form");
  var errorBox = root.querySelector(".sf-popup__error");
  var done = root.querySelector(".sf-popup__done");
  var returnFocus = null;
  var shown = false;

  function remembered() {
    try {
      return JSON.parse(window.localStorage.getItem(STORE_KEY) || "{}") || {};
    } catch (e) {
      return {};
    }
  }
  function remember(patch) {
    try {
      var state = remembered();
      for (var key in patch) state[key] = patch[key];
      window.localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
      /* private mode: the popup may show again, nothing else breaks */
    }
  }
  function capped() {
    var state = remembered();
    if (state.subscribedAt) return true;
    var days = Number(root.getAttribute("data-frequency-days") || 0);
    return Boolean(state.closedAt && days > 0 && Date.now() - state.closedAt < days * DAY);
  }

  function focusables() {
    return Array.prototype.filter.call(
      dialog.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'),
      function (el) { return !el.disabled && el.offsetParent !== null; }
    );
  }
  function onKeydown(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "Tab") return;
    var items = focusables();
    if (items.length === 0) return;
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
      event.preventDefault();
      first.focus();
    }
  }

  function open() {
    if (shown || capped()) return;
    shown = true;
    returnFocus = document.activeElement;
    root.hidden = false;
    document.addEventListener("keydown", onKeydown, true);
    var target = form.querySelector("input:not([type=checkbox])") || focusables()[0];
    if (target) target.focus();
  }
  function close() {
    if (root.hidden) return;
    root.hidden = true;
    document.removeEventListener("keydown", onKeydown, true);
    if (!remembered().subscribedAt) remember({ closedAt: Date.now() });
    if (returnFocus && returnFocus.focus) returnFocus.focus();
  }

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? (field.type === "checkbox" ? field.checked : field.value.trim()) : undefined;
  }
  function consentText(channel) {
    var el = root.querySelector('[data-consent-text="' + channel + '"]');
    return el ? el.textContent.trim() : undefined;
  }
  function showError(message, field) {
    errorBox.textContent = message;
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) { el.removeAttribute("aria-invalid"); });
    var input = field && form.elements.namedItem(field);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var email = value("email");
    var phone = value("phone");
    if (!email && !phone) return showError(email === undefined ? "Please enter your phone number." : "Please enter your email address.", email === undefined ? "phone" : "email");
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return showError("Please check your email address.", "email");
    var tags = (root.getAttribute("data-tags") || "").split(",").map(function (t) { return t.trim(); }).filter(Boolean);
    var body = {
      email: email || undefined,
      phone: phone || undefined,
      firstName: value("firstName") || undefined,
      emailConsent: value("emailConsent") === true,
      smsConsent: value("smsConsent") === true,
      emailConsentText: value("emailConsent") ? consentText("email") : undefined,
      smsConsentText: value("smsConsent") ? consentText("sms") : undefined,
      country: root.getAttribute("data-country") || undefined,
      locale: root.getAttribute("data-locale") || undefined,
      tags: tags
    };
    var submit = form.querySelector("[type=submit]");
    submit.disabled = true;
    errorBox.textContent = "";
    fetch(root.getAttribute("data-endpoint"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body)
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (response.ok) {
            remember({ subscribedAt: Date.now() });
            form.hidden = true;
            done.hidden = false;
            done.querySelector('[data-sf-done="subscribed"]').hidden = Boolean(answer.confirmEmail);
            done.querySelector('[data-sf-done="confirm"]').hidden = !answer.confirmEmail;
            done.focus();
            return;
          }
          var problem = String(answer.error || "");
          if (response.status === 429) showError("Too many attempts. Please try again in a minute.");
          else if (/^email:/.test(problem)) showError("Please check your email address.", "email");
          else if (/^phone:/.test(problem)) showError("Please check your phone number.", "phone");
          else showError("Something went wrong. Please try again.");
        });
      })
      .catch(function () {
        showError("Something went wrong. Please try again.");
      })
      .then(function () {
        submit.disabled = false;
      });
  });

  Array.prototype.forEach.call(root.querySelectorAll("[data-sf-close]"), function (el) {
    el.addEventListener("click", close);
  });

  if (capped()) return;
  var delay = Math.max(0, Number(root.getAttribute("data-delay-seconds") || 0)) * 1000;
  window.setTimeout(open, delay);
  if (root.getAttribute("data-exit-intent") === "true") {
    document.addEventListener("mouseout", function (event) {
      if (!event.relatedTarget && event.clientY <= 0) open();
    });
  }
})();

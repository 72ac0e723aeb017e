/*
 * Behaviour shared by every page. The Content-Security-Policy allows scripts from this origin only, so
 * everything a page does lives in files like this one; pages carry data in data-* attributes.
 */
(function () {
  'use strict';

  // Times are rendered on the server in the reader's time zone: tell it which one that is.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      var value = encodeURIComponent(zone);
      var current = document.cookie.split('; ').filter(function (c) { return c.indexOf('vigil_tz=') === 0; })[0];
      if (current !== 'vigil_tz=' + value) {
        document.cookie = 'vigil_tz=' + value + '; path=/; max-age=31536000; SameSite=Lax';
      }
    }
  } catch (ignored) {
    // Without Intl the server keeps showing UTC, and says so.
  }

  // htmx requests that change state carry the CSRF token like a form would.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.getAttribute('content')] = token.getAttribute('content');
    }
  });

  // A polled fragment whose session expired gets the sign-in page: go there instead of nesting it.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    if (url && /\/login(\?|$)/.test(new URL(url).pathname + new URL(url).search)) {
      event.detail.shouldSwap = false;
      window.location.assign(url);
    }
  });

  // Filter drop-downs apply on change; their button stays for keyboard users and for no-JS.
  document.addEventListener('change', function (event) {
    var element = event.target;
    if (element.matches && element.matches('select[data-autosubmit]') && element.form) {
      if (element.form.requestSubmit) {
        element.form.requestSubmit();
      } else {
        element.form.submit();
      }
    }
  });

  // A secret shown once offers a copy button; without script the field stays selectable by hand.
  document.querySelectorAll('button[data-copy-target]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy-target'));
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.getAttribute('data-copied-text') || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        field.select();
      });
    });
  });
  document.querySelectorAll('input.token-secret').forEach(function (field) {
    field.addEventListener('focus', function () { field.select(); });
  });
})();

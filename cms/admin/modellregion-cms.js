/* Die Redaktion unter /admin/: das Format der Listen-Dateien, die Vorschau im Stil der Website und
 * die deutschen Meldungen der Prüfung. Wird vor decap-cms.js geladen; lädt nichts von fremden Servern. */
(function () {
  'use strict';

  window.CMS_MANUAL_INIT = true; // erst unsere Formate und Vorschauen, dann CMS.init()
  var script = document.currentScript;
  var previewStyles = ((script && script.getAttribute('data-preview-styles')) || '').split(' ').filter(Boolean);
  var localMode = script && script.getAttribute('data-mode') === 'lokal';

  // --- data/cities.yml, action_fields.yml, organisations.yml: eine Liste als ganze Datei ----------
  function isEmpty(value) {
    if (value === null || value === undefined || value === '') return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === 'object') return Object.keys(value).length === 0;
    return false;
  }

  function withoutEmpty(value) {
    // Leere Felder schreibt die Datei nicht: Die Prüfung behandelt sie wie fehlende.
    if (Array.isArray(value)) return value.map(withoutEmpty);
    if (value && typeof value === 'object') {
      var result = {};
      Object.keys(value).forEach(function (key) {
        var cleaned = withoutEmpty(value[key]);
        if (!isEmpty(cleaned)) result[key] = cleaned;
      });
      return result;
    }
    return value;
  }

  var listFormat = {
    fromFile: function (text) {
      var data = window.jsyaml.load(text || '', { schema: window.jsyaml.CORE_SCHEMA });
      return { items: Array.isArray(data) ? data : [] };
    },
    toFile: function (data) {
      var items = withoutEmpty((data && data.items) || []);
      return window.jsyaml.dump(items, { schema: window.jsyaml.CORE_SCHEMA, lineWidth: -1, noRefs: true });
    },
  };

  // --- die Meldungen der Prüfung (das lokale Backend antwortet 422 mit „pruefung“) -------------------
  function showProblems(title, lines) {
    var old = document.getElementById('mr-pruefung');
    if (old) old.remove();
    var box = document.createElement('section');
    box.id = 'mr-pruefung';
    box.setAttribute('role', 'alert');
    var heading = document.createElement('h2');
    heading.textContent = title;
    box.appendChild(heading);
    var list = document.createElement('ol');
    lines.forEach(function (line) {
      var item = document.createElement('li');
      var code = document.createElement('code');
      code.textContent = line;
      item.appendChild(code);
      list.appendChild(item);
    });
    box.appendChild(list);
    var hint = document.createElement('p');
    hint.textContent = 'Bitte korrigieren und erneut speichern. Jede Zeile nennt Datei, Zeile und Feld (Handbuch: docs/redaktion.md, „Fehlermeldungen lesen“).';
    box.appendChild(hint);
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Schließen';
    close.addEventListener('click', function () { box.remove(); });
    box.appendChild(close);
    document.body.appendChild(box);
    close.focus();
  }

  var originalFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    return originalFetch(input, init).then(function (response) {
      var url = typeof input === 'string' ? input : (input && input.url) || '';
      if (response.status === 422 && /\/api\/v1$/.test(url)) {
        response.clone().json().then(function (body) {
          if (body && Array.isArray(body.pruefung)) {
            showProblems('Nicht gespeichert: Die Prüfung hat ' + body.pruefung.length + ' Problem' + (body.pruefung.length === 1 ? '' : 'e') + ' gefunden', body.pruefung);
          }
        }).catch(function () {});
      } else if (response.ok && /\/api\/v1$/.test(url)) {
        var done = document.getElementById('mr-pruefung');
        if (done && init && typeof init.body === 'string' && /"action":"(persistEntry|deleteFiles?|persistMedia)"/.test(init.body)) done.remove();
      }
      return response;
    });
  };

  // --- Vorschau im Stil der Website ------------------------------------------------------------------
  function text(entry, path) {
    var value = entry.getIn(['data'].concat(path));
    return value === undefined || value === null ? '' : String(value);
  }

  function germanDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || '');
    if (!match) return value || '';
    var months = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
    return Number(match[3]) + '. ' + months[Number(match[2]) - 1] + ' ' + match[1];
  }

  function frame(h, children) {
    return h('div', { className: 'md-main__inner md-grid' },
      h('div', { className: 'md-content', 'data-md-component': 'content' },
        h('article', { className: 'md-content__inner md-typeset' }, children)));
  }

  function figure(h, props, path) {
    var src = text(props.entry, path.concat('src'));
    if (!src) return null;
    var asset = props.getAsset(src);
    var credit = text(props.entry, path.concat('credit'));
    return h('figure', { className: 'mr-figure' },
      h('img', { src: asset ? asset.toString() : '', alt: text(props.entry, path.concat('alt')) }),
      credit ? h('figcaption', {}, 'Foto: ' + credit) : null);
  }

  // Mit dem lokalen Backend schreibt der Knopf nur in die Arbeitskopie – er heißt darum „Speichern“.
  var LOCAL_WORDS = {
    publish: 'Speichern', publishing: 'Wird gespeichert …', published: 'Gespeichert', publishNow: 'Jetzt speichern',
    publishAndCreateNew: 'Speichern und neue anlegen', publishAndDuplicate: 'Speichern und duplizieren',
  };

  function register(CMS) {
    var h = window.h;
    var german = CMS.getLocale && CMS.getLocale('de');
    if (localMode && german && german.editor && german.editor.editorToolbar) {
      Object.keys(LOCAL_WORDS).forEach(function (key) { german.editor.editorToolbar[key] = LOCAL_WORDS[key]; });
    }
    var createClass = window.createClass;
    CMS.registerCustomFormat('yaml-liste', 'yml', listFormat);
    previewStyles.forEach(function (href) { CMS.registerPreviewStyle(href); });

    CMS.registerPreviewTemplate('aktuelles', createClass({
      render: function () {
        var entry = this.props.entry;
        var meta = germanDate(text(entry, ['date'])) + (text(entry, ['author']) ? ' · ' + text(entry, ['author']) : '');
        return frame(h, h('div', { className: 'mr-article' },
          h('header', { className: 'mr-article__header' },
            h('h1', {}, text(entry, ['title'])),
            h('p', { className: 'mr-article__meta' }, meta),
            h('p', { className: 'mr-lead' }, text(entry, ['summary']))),
          figure(h, this.props, ['image']),
          h('div', { className: 'mr-article__body' }, this.props.widgetFor('body'))));
      },
    }));

    CMS.registerPreviewTemplate('projekte', createClass({
      render: function () {
        var entry = this.props.entry;
        return frame(h, h('div', { className: 'mr-article' },
          h('h1', {}, text(entry, ['title'])),
          h('p', { className: 'mr-lead' }, text(entry, ['summary'])),
          h('p', {}, h('strong', {}, 'Status: '), text(entry, ['status'])),
          figure(h, this.props, ['image']),
          h('h2', {}, 'Ergebnisse'),
          this.props.widgetFor('results')));
      },
    }));

    ['seiten', 'stadtportraets'].forEach(function (name) {
      CMS.registerPreviewTemplate(name, createClass({
        render: function () {
          return frame(h, [h('h1', { key: 't' }, text(this.props.entry, ['title'])), h('div', { key: 'b' }, this.props.widgetFor('body'))]);
        },
      }));
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var CMS = window.CMS || window.DecapCms;
    register(CMS);
    CMS.init();
  });
})();

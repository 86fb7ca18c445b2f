#!/usr/bin/env node
// Das lokale Backend für `make editor`: decap-server schreibt in dieses Arbeitsverzeichnis, nur auf
// 127.0.0.1 erreichbar. Vor jedem Schreiben und Löschen prüft `python -m modellregion pruefen` den
// Inhalt mit der Änderung; findet die Prüfung neue Probleme, wird nichts geschrieben (Antwort 422
// mit den deutschen Meldungen, die modellregion-cms.js anzeigt).
'use strict';

const path = require('path');
const { spawn } = require('child_process');
const { createRequire } = require('module');

const serverPackage = require.resolve('decap-server/package.json');
const fromServer = createRequire(serverPackage);
const express = fromServer('express');
const cors = fromServer('cors');
const { registerLocalFs } = require(path.join(path.dirname(serverPackage), 'dist', 'middlewares.js'));

const HOST = '127.0.0.1';
const port = parseInt(process.env.PORT || '8081', 10);
const repo = path.resolve(process.env.GIT_REPO_DIRECTORY || process.cwd());
const python = process.env.MODELLREGION_PYTHON || 'python3';
const origin = /^http:\/\/127\.0\.0\.1(:\d+)?$/;

function changesOf(body) {
  const params = body.params || {};
  switch (body.action) {
    case 'persistEntry': {
      const files = params.dataFiles || [params.entry];
      return {
        write: files.map((f) => ({ path: f.path, raw: f.raw, new_path: f.newPath || null }))
          .concat((params.assets || []).map((a) => ({ path: a.path, base64: a.content }))),
        delete: [],
      };
    }
    case 'persistMedia':
      return { write: [{ path: params.asset.path, base64: params.asset.content }], delete: [] };
    case 'deleteFile':
      return { write: [], delete: [params.path] };
    case 'deleteFiles':
      return { write: [], delete: params.paths || [] };
    default:
      return null;
  }
}

function runCheck(changes) {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-m', 'modellregion', 'pruefen', '--root', repo], { cwd: repo, env: process.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.stderr.on('data', (chunk) => { err += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out));
      } catch (e) {
        reject(new Error(`Prüfung fehlgeschlagen (Exit-Code ${code}): ${err.trim() || out.trim()}`));
      }
    });
    child.stdin.end(JSON.stringify(changes));
  });
}

async function gate(req, res, next) {
  const changes = changesOf(req.body || {});
  if (!changes) return next();
  try {
    const verdict = await runCheck(changes);
    if (verdict.ok) return next();
    const lines = verdict.problems;
    return res.status(422).json({ error: `Nicht gespeichert – die Prüfung hat ${lines.length} Problem(e) gefunden:\n${lines.join('\n')}`, pruefung: lines });
  } catch (error) {
    console.error(error);
    return res.status(500).json({ error: `Interner Fehler bei der Prüfung – bitte melden: ${error.message}` });
  }
}

async function main() {
  const app = express();
  app.use(cors({ origin }));
  app.use(express.json({ limit: '50mb' }));
  app.post('/api/v1', gate);
  await registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || 'warn' });
  app.listen(port, HOST, () => {
    console.log(`Lokales Backend der Redaktion auf http://${HOST}:${port}/api/v1 – schreibt in ${repo}`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

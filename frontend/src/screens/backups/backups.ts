// The encrypted backups, for administrators: how the last one went, the
// folder and passphrase of the daily backup, a backup now, and a restore.
// After a restore the database has its own accounts: the window goes back
// to the login screen.

import { backups, inWindow, session } from "../../api";
import type { BackupStatus } from "../../api";
import { askConfirm } from "../../components/confirm";
import { passwordInput } from "../../components/credentials";
import { h, replace } from "../../components/dom";
import { button, field, FormErrors, textInput } from "../../components/form";
import { errorBox } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { formatDateTime } from "../../lib/dates";
import type { Screen } from "../../nav";

const t = fr.backups;

export const backupsScreen: Screen = async (root) => {
  const st = await backups.status();
  const status = h("section", { class: "card", id: "backups-status", "aria-labelledby": "backups-status-title" });
  const show = (s: BackupStatus) => renderStatus(status, s);
  show(st);
  root.append(
    h("h1", {}, t.title),
    h("p", { class: "lead" }, t.intro),
    status,
    configureForm(st, show),
    nowCard(show),
    restoreForm(),
  );
};

function renderStatus(root: HTMLElement, s: BackupStatus): void {
  const when = (iso?: string) => (iso ? formatDateTime(iso) : t.never);
  replace(
    root,
    h("h2", { id: "backups-status-title" }, t.statusTitle),
    s.configured
      ? h("dl", { class: "facts" },
          h("dt", {}, t.folder), h("dd", { id: "backups-status-folder" }, s.folder),
          h("dt", {}, t.lastSuccess),
          h("dd", { id: "backups-status-success" }, when(s.lastSuccess), s.lastFile ? ` (${s.lastFile})` : ""),
          s.lastFailure ? [h("dt", {}, t.lastFailure), h("dd", { id: "backups-status-failure" }, `${when(s.lastFailure)} : ${s.failure}`)] : null)
      : h("p", { id: "backups-status-none" }, t.notConfigured),
    h("p", { class: "muted" }, t.keeps(s.keepDaily, s.keepWeekly, s.keepMonthly)),
  );
}

/** A text input for a path, with a "Choisir…" button in the desktop window. */
function pathInput(id: string, value: string, label: string, choose: () => Promise<string>): { input: HTMLInputElement; row: HTMLElement } {
  const input = textInput(id, value, { spellcheck: "false" });
  if (!inWindow()) return { input, row: input };
  const pick = button(label, { id: `${id}-choose` });
  pick.addEventListener("click", async () => {
    try {
      const path = await choose();
      if (path) input.value = path;
    } catch {
      // no dialog: the path is typed
    }
    input.focus();
  });
  return { input, row: h("div", { class: "path-row" }, input, pick) };
}

function configureForm(st: BackupStatus, show: (s: BackupStatus) => void): HTMLElement {
  const folder = pathInput("backups-folder", st.folder, t.chooseFolder, backups.chooseFolder);
  const pass = passwordInput("backups-passphrase", "new-password");
  const again = passwordInput("backups-passphrase2", "new-password");
  const submit = button(t.configure, { type: "submit", id: "backups-configure" }, "primary");
  const done = h("p", { class: "flash", id: "backups-configured", role: "status", hidden: true });
  const form = h(
    "form",
    { class: "card", id: "backups-config-form", novalidate: true },
    h("h2", {}, t.configureTitle),
    h("p", {}, t.configureIntro),
    field(t.folderLabel, folder.row, { hint: t.folderHint, required: true }),
    field(t.passphrase, pass, { hint: t.passphraseHint(st.minLength), required: true }),
    field(t.passphraseAgain, again, { required: true }),
    h("div", { class: "form-actions" }, submit),
    done,
  );
  const errors = new FormErrors(form, "backups");
  form.querySelector("h2")?.after(errors.summary);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    done.hidden = true;
    if (folder.input.value.trim() === "") errors.set("folder", t.required);
    if (pass.value === "") errors.set("passphrase", t.required);
    else if (again.value !== pass.value) errors.set("passphrase2", t.mismatch);
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      const next = await backups.configure(folder.input.value, pass.value);
      pass.value = again.value = "";
      folder.input.value = next.folder;
      show(next);
      replace(done, t.configured(next.folder));
      done.hidden = false;
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function nowCard(show: (s: BackupStatus) => void): HTMLElement {
  const now = button(t.now, { id: "backups-now", "data-testid": "backups-now" }, "primary");
  const result = h("div", { id: "backups-now-result", role: "status", "aria-live": "polite" });
  now.addEventListener("click", async () => {
    now.disabled = true;
    replace(result, h("p", { class: "muted" }, t.working));
    try {
      const done = await backups.now();
      show(done.status);
      replace(result, h("p", { class: "flash", id: "backups-now-done" }, t.done(done.file, done.removed)));
    } catch (err) {
      replace(result, errorBox(err));
    } finally {
      now.disabled = false;
    }
  });
  return h("section", { class: "card", id: "backups-now-card" }, h("h2", {}, t.nowTitle), h("div", { class: "form-actions" }, now), result);
}

function restoreForm(): HTMLElement {
  const file = pathInput("restore-file", "", t.chooseFile, backups.chooseFile);
  const pass = passwordInput("restore-passphrase", "current-password");
  const submit = button(t.restore, { type: "submit", id: "restore-submit" });
  const result = h("div", { id: "restore-result", role: "status", "aria-live": "polite" });
  const actions = h("div", { class: "form-actions" }, submit);
  const form = h(
    "form",
    { class: "card", id: "restore-form", novalidate: true },
    h("h2", {}, t.restoreTitle),
    h("p", {}, t.restoreIntro),
    field(t.fileLabel, file.row, { hint: t.fileHint, required: true }),
    field(t.restorePassphrase, pass, { required: true }),
    actions,
    result,
  );
  const errors = new FormErrors(form, "restore");
  form.querySelector("h2")?.after(errors.summary);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    replace(result);
    if (file.input.value.trim() === "") errors.set("file", t.required);
    if (pass.value === "") errors.set("passphrase", t.required);
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    const yes = await askConfirm(actions, { id: "restore-confirm", title: t.confirmTitle, text: t.confirmText, yes: t.confirmYes, no: t.confirmNo });
    if (!yes) {
      submit.focus();
      return;
    }
    submit.disabled = true;
    replace(result, h("p", { class: "muted" }, t.restoring));
    try {
      const done = await backups.restore(file.input.value, pass.value);
      pass.value = "";
      replace(result, h("p", { class: "flash", id: "restore-done" }, t.restored(done.file)));
      // The restored database has its own accounts and Go logged the user
      // out: the next call is refused for the session, and the window
      // shows the login screen (see watchCalls in main.ts).
      await session.touch().catch(() => undefined);
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

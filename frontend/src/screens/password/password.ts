// A new password: required after a temporary one given by an administrator
// (a gate: nothing else opens before), or chosen at will from the
// navigation (#/password). The Go side judges its strength; its message
// goes under the new password.

import { session } from "../../api";
import type { SessionState } from "../../api";
import { checkConfirm, gatePage, passwordInput } from "../../components/credentials";
import { h } from "../../components/dom";
import { button, field, FormErrors } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { href, navigate } from "../../nav";
import type { GateScreen, Screen } from "../../nav";
import { ctx } from "../../store";

const t = fr.password;

interface Parts {
  form: HTMLFormElement;
  first: HTMLInputElement;
  errors: FormErrors;
}

// passwordForm builds the form; saved runs with the new session state.
function passwordForm(temporary: boolean, saved: (st: SessionState) => void, extra: HTMLElement): Parts {
  const current = passwordInput("pw-currentPassword", "current-password");
  const next = passwordInput("pw-password", "new-password");
  const confirm = passwordInput("pw-passwordConfirm", "new-password");
  const submit = button(t.submit, { type: "submit", id: "pw-submit" }, "primary");
  const form = h(
    "form",
    { id: "pw-form", class: "card stack gate-form", novalidate: true, "aria-labelledby": "pw-title" },
    field(temporary ? t.mustCurrent : t.current, current, { required: true }),
    field(t.next, next, { required: true, hint: fr.passwords.rules }),
    field(t.confirm, confirm, { required: true }),
    h("div", { class: "form-actions" }, submit, extra),
  );
  const errors = new FormErrors(form, "pw");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    if (current.value === "") errors.set("currentPassword", t.required);
    if (next.value === "") errors.set("password", t.required);
    if (confirm.value === "") errors.set("passwordConfirm", t.required);
    checkConfirm(next, confirm, errors, "passwordConfirm");
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      const st = await session.changePassword(current.value, next.value);
      flashNext(t.done);
      saved(st);
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });
  return { form, first: current, errors };
}

/** The gate after a temporary password: nothing else opens before. */
export const passwordGate: GateScreen = (root, _st, done) => {
  const logout = button(t.logout, { id: "pw-logout" }, "link");
  const parts = passwordForm(true, done, logout);
  logout.addEventListener("click", async () => {
    logout.disabled = true;
    try {
      done(await session.logout());
    } catch (err) {
      parts.errors.clear();
      parts.errors.setError(err);
      logout.disabled = false;
    }
  });
  root.append(
    gatePage(
      ctx().organisation.name,
      h("h1", { id: "pw-title" }, t.mustTitle),
      h("p", { class: "lead" }, t.mustIntro),
      parts.form,
    ),
  );
  document.title = `${t.mustTitle} — ${fr.appName}`;
  parts.first.focus();
};

/** #/password: a logged-in user changes their password. */
export const passwordScreen: Screen = (root) => {
  const cancel = h("a", { href: href("/"), class: "btn btn-link" }, t.cancel);
  const parts = passwordForm(false, () => navigate("/"), cancel);
  root.append(h("h1", { id: "pw-title" }, t.title), parts.form);
};

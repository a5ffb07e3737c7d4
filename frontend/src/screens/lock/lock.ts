// The lock: the screen that was open stays, hidden, until the same user
// types their password again. "Changer d'utilisateur" closes the session
// and shows the login, so that a colleague takes the desk without closing
// PAPPU.

import { session } from "../../api";
import { gatePage, passwordInput } from "../../components/credentials";
import { h } from "../../components/dom";
import { button, field, FormErrors } from "../../components/form";
import { fr } from "../../i18n/fr";
import type { GateScreen } from "../../nav";
import { ctx } from "../../store";

const t = fr.lock;

export const lockScreen: GateScreen = (root, st, done) => {
  const password = passwordInput("lock-password", "current-password");
  const submit = button(t.submit, { type: "submit", id: "lock-submit" }, "primary");
  const other = button(t.switchUser, { id: "lock-switch", "aria-describedby": "lock-switch-hint" }, "secondary");
  const form = h(
    "form",
    { id: "lock-form", class: "card stack gate-form", novalidate: true, "aria-labelledby": "lock-title" },
    field(t.password, password, { required: true }),
    h("div", { class: "form-actions" }, submit),
  );
  const errors = new FormErrors(form, "lock");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    if (password.value === "") {
      errors.set("password", t.required);
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      done(await session.unlock(password.value));
    } catch (err) {
      password.value = "";
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });

  other.addEventListener("click", async () => {
    other.disabled = true;
    try {
      done(await session.logout());
    } catch (err) {
      errors.clear();
      errors.setError(err);
      other.disabled = false;
    }
  });

  root.append(
    gatePage(
      ctx().organisation.name,
      h("h1", { id: "lock-title" }, t.title(st.user.displayName)),
      h("p", { class: "lead" }, t.intro),
      form,
      h("div", { class: "gate-other" },
        other,
        h("p", { class: "hint", id: "lock-switch-hint" }, t.switchHint)),
    ),
  );
  document.title = `${t.title(st.user.displayName)} — ${fr.appName}`;
  password.focus();
};

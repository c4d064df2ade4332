import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Spinner,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  type Theme,
} from "@fluentui/react-components";
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import type { Department } from "../../shared/domain.ts";
import { Api, ApiError } from "../../web/api.ts";
import { devToken, forgetDevToken } from "../../web/dev-token.ts";
import type { Host, ThemeName } from "./host.ts";
import { LocaleContext, useT } from "../../web/i18n.ts";
import { SessionContext, type Me, type Session } from "./session.ts";
import { Views } from "./views/Views.tsx";

// Development only: Teams users never download the picker.
const DevSignIn = lazy(() => import("../../web/DevSignIn.tsx").then((m) => ({ default: m.DevSignIn })));

const THEMES: Record<ThemeName, Theme> = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

/** The tab: Teams' theme and locale, a signed-in session, then the view the URL asks for. */
export function App({ host }: { host: Host }) {
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  useEffect(() => host.onThemeChange(setTheme), [host]);
  useEffect(() => {
    // The page around the provider (scrollbars, overscroll, form controls) follows the theme too.
    document.documentElement.style.colorScheme = theme === "default" ? "light" : "dark";
    document.body.style.backgroundColor = THEMES[theme].colorNeutralBackground1;
  }, [theme]);
  return (
    <LocaleContext.Provider value={host.locale}>
      <FluentProvider theme={THEMES[theme]} style={{ minHeight: "100vh" }} data-theme={theme}>
        <SignedIn host={host} />
      </FluentProvider>
    </LocaleContext.Provider>
  );
}

type State = { kind: "loading" } | { kind: "signIn" } | { kind: "error"; message: string; consent?: boolean } | { kind: "ready"; session: Session };

function SignedIn({ host }: { host: Host }) {
  const t = useT();
  const [state, setState] = useState<State>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const api = useMemo(() => {
    const token = host.getToken ?? (async () => devToken() ?? Promise.reject(new ApiError(401, "signed_out", "Not signed in.")));
    return new Api(token);
  }, [host]);

  useEffect(() => {
    if (!host.inTeams && !devToken()) return setState({ kind: "signIn" });
    let cancelled = false;
    setState({ kind: "loading" });
    Promise.all([api.get<{ user: Me; tenantId: string; isAdmin: boolean; departments: Me["departments"] }>("/api/me"), api.get<{ items: Department[] }>("/api/departments")]).then(
      ([me, depts]) => {
        if (cancelled) return;
        const signOut = host.inTeams ? undefined : () => (forgetDevToken(), setState({ kind: "signIn" }));
        setState({
          kind: "ready",
          session: { api, host, departments: depts.items, me: { ...me.user, tenantId: me.tenantId, isAdmin: me.isAdmin, departments: me.departments }, signOut },
        });
      },
      (err: unknown) => {
        if (cancelled) return;
        if (!host.inTeams && err instanceof ApiError && err.status === 401) return (forgetDevToken(), setState({ kind: "signIn" }));
        const message = err instanceof Error ? err.message : String(err);
        // Teams SSO without consent: getAuthToken fails with resourceRequiresConsent / invalid_grant.
        const consent = host.inTeams && /consent|invalid_grant|interaction_required/i.test(message);
        setState({ kind: "error", message, consent });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, host, attempt]);

  if (state.kind === "loading") return <Spinner label={t("tab.loading")} style={{ padding: 48 }} />;
  if (state.kind === "signIn") {
    return (
      <Suspense fallback={<Spinner label={t("tab.loading")} style={{ padding: 48 }} />}>
        <DevSignIn onSignedIn={() => setAttempt((n) => n + 1)} />
      </Suspense>
    );
  }
  if (state.kind === "error") {
    return (
      <div style={{ padding: 24, maxWidth: 640 }}>
        <MessageBar intent="error">
          <MessageBarBody>{state.consent ? t("tab.consent") : t("tab.error", { message: state.message })}</MessageBarBody>
        </MessageBar>
        <Button style={{ marginTop: 12 }} onClick={() => setAttempt((n) => n + 1)}>
          {t("tab.retry")}
        </Button>
      </div>
    );
  }
  return (
    <SessionContext.Provider value={state.session}>
      <Views />
    </SessionContext.Provider>
  );
}

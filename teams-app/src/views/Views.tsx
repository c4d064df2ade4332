import { Button, Caption1, Dropdown, Option, Spinner, Subtitle1, Tab, TabList } from "@fluentui/react-components";
import { lazy, Suspense, useState } from "react";
import { useT } from "../../../web/i18n.ts";
import type { Department } from "../../../shared/domain.ts";
import { useSession } from "../session.ts";

// One chunk per page: a channel tab never downloads the personal tab's form, and so on.
const Board = lazy(() => import("./Board.tsx").then((m) => ({ default: m.Board })));
const Config = lazy(() => import("./Config.tsx").then((m) => ({ default: m.Config })));
const Dashboard = lazy(() => import("./Dashboard.tsx").then((m) => ({ default: m.Dashboard })));
const MyRequests = lazy(() => import("./MyRequests.tsx").then((m) => ({ default: m.MyRequests })));
const Review = lazy(() => import("./Review.tsx").then((m) => ({ default: m.Review })));
const Scoreboard = lazy(() => import("./Scoreboard.tsx").then((m) => ({ default: m.Scoreboard })));
const SettingsPage = lazy(() => import("../settings/SettingsPage.tsx").then((m) => ({ default: m.SettingsPage })));

type DepartmentTab = "queue" | "dashboard" | "review" | "settings";

function Page({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Spinner label={useT()("tab.loading")} style={{ padding: 32 }} />}>{children}</Suspense>;
}

/**
 * The tab's pages, chosen by the URL Teams opens:
 * `?view=config` the channel tab's configuration page; `?view=board&department=IT` a channel
 * tab (queue and dashboard); `?view=mine` the personal tab (my requests, file a new one);
 * `?view=scoreboard` the personal tab with every department's figures (`&tv=1`: TV mode).
 */
export function Views() {
  const view = new URLSearchParams(location.search).get("view") ?? "mine";
  if (view === "config")
    return (
      <Page>
        <Config />
      </Page>
    );
  if (view === "board") return <DepartmentPage />;
  if (view === "scoreboard") {
    const page = (
      <Page>
        <Scoreboard />
      </Page>
    );
    // TV mode (`&tv=1`) is the whole screen: no title bar, no name, nothing to click.
    return new URLSearchParams(location.search).get("tv") === "1" ? page : <Frame title={useT()("tab.scoreboard.title")}>{page}</Frame>;
  }
  return (
    <Frame title={useT()("tab.nav.mine")}>
      <Page>
        <MyRequests />
      </Page>
    </Frame>
  );
}

function DepartmentPage() {
  const t = useT();
  const { departments: loaded, host, me, api } = useSession();
  // The catalogue as loaded, read again after Settings saves or creates a department (the dashboard and picker follow).
  const [departments, setDepartments] = useState(loaded);
  const reload = () => api.get<{ items: Department[] }>("/api/departments").then((r) => setDepartments(r.items), () => undefined);
  const [key, setKey] = useState(host.department ?? me.departments[0]?.key ?? departments[0]?.key);
  const dept = departments.find((d) => d.key === key);
  const staff = me.isAdmin || me.departments.some((d) => d.key === key);
  // Settings: the department's leads and admins (the service checks again on save).
  const lead = me.isAdmin || me.departments.some((d) => d.key === key && d.role === "lead");
  // `&page=review` (the review card's link) opens the monthly review, for staff; `&page=settings` the settings, for leads.
  const asked = new URLSearchParams(location.search).get("page");
  const [page, setPage] = useState<DepartmentTab>(asked === "settings" && lead ? "settings" : staff ? (asked === "review" ? "review" : "queue") : "dashboard");
  return (
    <Frame
      title={dept?.name ?? t("tab.pickDepartment")}
      extra={
        !host.department && (
          <Dropdown aria-label={t("tab.pickDepartment")} value={dept ? `${dept.name} (${dept.key})` : ""} onOptionSelect={(_, d) => d.optionValue && setKey(d.optionValue)}>
            {departments.map((d) => (
              <Option key={d.key} value={d.key}>{`${d.name} (${d.key})`}</Option>
            ))}
          </Dropdown>
        )
      }
    >
      {dept && (
        <>
          {/* Wraps at 320 px: a lead's four tabs do not fit on one line there. */}
          <TabList selectedValue={page} onTabSelect={(_, d) => setPage(d.value as DepartmentTab)} style={{ flexWrap: "wrap" }}>
            {staff && <Tab value="queue">{t("tab.nav.queue")}</Tab>}
            <Tab value="dashboard">{t("tab.nav.dashboard")}</Tab>
            {staff && <Tab value="review">{t("tab.nav.review")}</Tab>}
            {lead && <Tab value="settings">{t("tab.nav.settings")}</Tab>}
          </TabList>
          <Page>
            {page === "queue" && staff ? (
              <Board department={dept} />
            ) : page === "review" && staff ? (
              <Review key={dept.key} department={dept} />
            ) : page === "settings" && lead ? (
              <SettingsPage key={dept.key} department={dept} onSaved={reload} onCreated={(created) => reload().then(() => setKey(created))} />
            ) : (
              <Dashboard department={dept} />
            )}
          </Page>
        </>
      )}
    </Frame>
  );
}

/** A page: its title, who is signed in, and the content. */
export function Frame({ title, extra, children }: { title: string; extra?: React.ReactNode; children: React.ReactNode }) {
  const t = useT();
  const { me, signOut } = useSession();
  return (
    <main style={{ padding: "12px 20px", display: "flex", flexDirection: "column", gap: 12 }}>
      <header style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
        <Subtitle1 as="h1" style={{ margin: 0 }}>
          {title}
        </Subtitle1>
        {extra}
        <span style={{ flex: 1 }} />
        <Caption1>{me.name}</Caption1>
        {signOut && (
          <Button size="small" appearance="subtle" onClick={signOut}>
            {t("tab.signOut")}
          </Button>
        )}
      </header>
      {children}
    </main>
  );
}

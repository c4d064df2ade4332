import { Button, Caption1, Dropdown, Option, Subtitle1, Tab, TabList } from "@fluentui/react-components";
import { useState } from "react";
import { useT } from "../i18n.ts";
import { useSession } from "../session.ts";
import { Board } from "./Board.tsx";
import { Config } from "./Config.tsx";
import { Dashboard } from "./Dashboard.tsx";
import { MyRequests } from "./MyRequests.tsx";

/**
 * The tab's pages, chosen by the URL Teams opens:
 * `?view=config` the channel tab's configuration page; `?view=board&department=IT` a channel
 * tab (queue and dashboard); `?view=mine` the personal tab (my requests, file a new one).
 */
export function Views() {
  const view = new URLSearchParams(location.search).get("view") ?? "mine";
  if (view === "config") return <Config />;
  if (view === "board") return <DepartmentPage />;
  return (
    <Frame title={useT()("tab.nav.mine")}>
      <MyRequests />
    </Frame>
  );
}

function DepartmentPage() {
  const t = useT();
  const { departments, host, me } = useSession();
  const [key, setKey] = useState(host.department ?? me.departments[0]?.key ?? departments[0]?.key);
  const dept = departments.find((d) => d.key === key);
  const staff = me.isAdmin || me.departments.some((d) => d.key === key);
  const [page, setPage] = useState<"queue" | "dashboard">(staff ? "queue" : "dashboard");
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
          <TabList selectedValue={page} onTabSelect={(_, d) => setPage(d.value as "queue" | "dashboard")}>
            {staff && <Tab value="queue">{t("tab.nav.queue")}</Tab>}
            <Tab value="dashboard">{t("tab.nav.dashboard")}</Tab>
          </TabList>
          {page === "queue" && staff ? <Board department={dept} /> : <Dashboard department={dept} />}
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

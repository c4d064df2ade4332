import { Body1, Button, Card, CardHeader, MessageBar, MessageBarBody, Spinner, Subtitle1 } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { useT } from "./i18n.ts";

import { DEV_TOKEN_KEY as KEY } from "./dev-token.ts";

interface DemoUser {
  id: string;
  name: string;
  email?: string;
  roles?: string[];
  title?: string;
}

/** Development mode's "sign in as": the demo people, each a click away. */
export function DevSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const t = useT();
  const [users, setUsers] = useState<DemoUser[] | "notDev" | undefined>();
  useEffect(() => {
    fetch("/api/dev/users").then(
      async (res) => setUsers(res.ok ? ((await res.json()) as { users: DemoUser[] }).users : "notDev"),
      () => setUsers("notDev"),
    );
  }, []);
  const signIn = async (u: DemoUser) => {
    const res = await fetch("/api/dev/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ userId: u.id, name: u.name, email: u.email, roles: u.roles }),
    });
    if (!res.ok) return;
    sessionStorage.setItem(KEY, ((await res.json()) as { token: string }).token);
    onSignedIn();
  };
  if (!users) return <Spinner label={t("tab.loading")} style={{ padding: 48 }} />;
  if (users === "notDev") {
    return (
      <MessageBar intent="warning" style={{ margin: 24 }}>
        <MessageBarBody>{t("tab.signIn.notDev")}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <main style={{ padding: 24, maxWidth: 720 }}>
      <Subtitle1 as="h1">{t("tab.signIn.title")}</Subtitle1>
      <Body1 as="p">{t("tab.signIn.help")}</Body1>
      <div role="list" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(200px, 1fr))", gap: 8 }}>
        {users.map((u) => (
          <div role="listitem" key={u.id}>
            <Card onClick={() => void signIn(u)} focusMode="off" style={{ width: "100%" }}>
              <Button appearance="transparent" onClick={() => void signIn(u)} style={{ justifyContent: "flex-start", padding: 0, minWidth: 0 }}>
                <CardHeader header={<strong>{u.name}</strong>} description={u.title ?? u.email ?? u.id} />
              </Button>
            </Card>
          </div>
        ))}
      </div>
    </main>
  );
}

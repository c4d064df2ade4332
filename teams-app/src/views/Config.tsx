import { Body1, Caption1, Link, MessageBar, MessageBarBody, Radio, RadioGroup, Subtitle1, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useId, useState } from "react";
import type { Department } from "../../../shared/domain.ts";
import { channelTabUrl, configureChannelTab } from "../host.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";

const useStyles = makeStyles({
  page: { padding: "16px 20px", maxWidth: "720px", display: "flex", flexDirection: "column", gap: "12px" },
  title: { margin: 0 },
  help: { margin: 0 },
  options: { display: "flex", flexDirection: "column", gap: "4px" },
  option: { display: "flex", flexDirection: "column" },
  description: { marginLeft: "36px", marginTop: "-6px", color: tokens.colorNeutralForeground2 },
});

/**
 * The channel tab's configuration page (`?view=config`): Teams shows it in its "add a tab"
 * dialog. Pick a department of the catalogue; once one is chosen, Save is enabled and saves a
 * tab whose content is that department's board. In a plain browser it is the same picker, with
 * a link to the board instead of Teams' Save button (and no teams-js call).
 */
export function Config() {
  const t = useT();
  const locale = useLocale();
  const { departments, host } = useSession();
  const styles = useStyles();
  const labelId = useId();
  // Reconfiguring an existing tab: Teams' context names the department it was saved for.
  const [key, setKey] = useState<string | undefined>(() => departments.find((d) => d.key === host.department)?.key);
  const dept = departments.find((d) => d.key === key);
  const inTeamsSettings = host.inTeams && host.frameContext === "settings";

  useEffect(() => {
    if (!dept || !inTeamsSettings) return;
    configureChannelTab(dept.key, t("tab.config.tabName", { department: dept.name }));
    // `t` follows the locale; the save handler is replaced whenever the choice changes.
  }, [dept?.key, dept?.name, inTeamsSettings, locale]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <main className={styles.page}>
      <Subtitle1 as="h1" className={styles.title}>
        {t("tab.config.title")}
      </Subtitle1>
      {departments.length === 0 ? (
        <MessageBar intent="warning">
          <MessageBarBody>{t("tab.config.empty")}</MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <Body1 as="p" id={labelId} className={styles.help}>
            {t("tab.config.help")}
          </Body1>
          <RadioGroup aria-labelledby={labelId} value={key ?? ""} onChange={(_, data) => setKey(data.value)} className={styles.options}>
            {departments.map((d) => (
              <DepartmentOption key={d.key} department={d} label={d.name === d.key ? d.name : t("tab.config.option", { name: d.name, key: d.key })} />
            ))}
          </RadioGroup>
          <div aria-live="polite">
            {dept ? (
              <MessageBar intent="info">
                <MessageBarBody>
                  {t("tab.config.note", { department: dept.name })}{" "}
                  {inTeamsSettings ? (
                    t("tab.config.save")
                  ) : (
                    <>
                      {t("tab.config.browser")} <Link href={channelTabUrl(dept.key)}>{t("tab.config.open", { department: dept.name })}</Link>
                    </>
                  )}
                </MessageBarBody>
              </MessageBar>
            ) : (
              <Caption1>{t("tab.config.choose")}</Caption1>
            )}
          </div>
        </>
      )}
    </main>
  );
}

function DepartmentOption({ department, label }: { department: Department; label: string }) {
  const styles = useStyles();
  const descriptionId = useId();
  return (
    <div className={styles.option}>
      <Radio value={department.key} label={label} aria-describedby={department.description ? descriptionId : undefined} />
      {department.description && (
        <Caption1 id={descriptionId} className={styles.description}>
          {department.description}
        </Caption1>
      )}
    </div>
  );
}

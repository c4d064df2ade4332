import { createContext, useContext } from "react";
import { t, type Locale, type StringKey, type StringParams } from "../shared/strings/index.ts";

export const LocaleContext = createContext<Locale>("en");

/** The translator of the tab's locale (Teams' locale, or ?locale= in a browser). */
export function useT(): (key: StringKey, params?: StringParams) => string {
  const locale = useContext(LocaleContext);
  return (key, params) => t(locale, key, params);
}

export const useLocale = () => useContext(LocaleContext);

import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { detectHost } from "./host.ts";

void detectHost().then((host) => {
  document.documentElement.lang = host.locale;
  createRoot(document.getElementById("root")!).render(<App host={host} />);
});

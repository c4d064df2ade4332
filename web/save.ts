import type { Api } from "./api.ts";

/**
 * Downloads `path` with the signed-in token and hands it to the browser as a file named `name`
 * (a plain link would go without the token).
 */
export async function saveDownload(api: Api, path: string, name: string): Promise<void> {
  const blob = await api.download(path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

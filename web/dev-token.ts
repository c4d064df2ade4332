export const DEV_TOKEN_KEY = "tandem.devToken";

/** The dev token chosen in this browser tab (sessionStorage: each tab can be someone else). */
export const devToken = () => sessionStorage.getItem(DEV_TOKEN_KEY) ?? undefined;
export const forgetDevToken = () => sessionStorage.removeItem(DEV_TOKEN_KEY);

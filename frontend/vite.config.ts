import { defineConfig } from "vite";

// The same build runs in WebKitGTK 2.4x (the Linux window) and in
// WebView2/Chromium (Windows), so the output targets ES2020 and Safari-15-era
// CSS. Relative asset paths let the files be served from any folder: the Wails
// asset server, `pappu-cli serve --static`, or a plain file server.
export default defineConfig({
  base: "./",
  build: {
    target: "es2020",
    cssTarget: ["chrome90", "safari15"],
    outDir: "dist",
    emptyOutDir: true,
  },
  server: {
    // `npm run dev` forwards API calls to a local
    // `pappu-cli serve --addr 127.0.0.1:8765`.
    proxy: { "/api": "http://127.0.0.1:8765" },
  },
});

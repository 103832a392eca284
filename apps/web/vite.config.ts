import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `vite build` writes dist/, which the API serves at `/` (WEB_DIST). `vite` (dev) proxies the API to a server
// started with `npm start` on port 3000.
export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:3000", "/readyz": "http://127.0.0.1:3000" },
  },
});

import { defineConfig } from "vitest/config";

// Unit tests are pure and fast; integration tests start real processes (rsyslog, the simulator, the CLI).
export default defineConfig({
  test: {
    projects: [
      {
        // A file's first test pays for importing the whole program (about 4 s on a busy machine): not a slow test.
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 20_000 },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          pool: "forks",
        },
      },
      {
        // Faults, hostile input and load against the real processes; `npm run reliability` publishes the figures.
        test: {
          name: "reliability",
          include: ["test/reliability/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 60_000,
          pool: "forks",
        },
      },
      {
        // The .deb built, installed in a clean Debian 12 root and booted there by systemd (npm run test:package).
        // After the other projects: building the packages takes minutes of both cores.
        test: {
          name: "package",
          sequence: { groupOrder: 1 },
          include: ["test/package/**/*.test.ts"],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          pool: "forks",
        },
      },
    ],
  },
});

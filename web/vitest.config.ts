import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['tests/unit/**/*.spec.ts'],
      // Vant ships CSS side-effect imports; jsdom needs none of it.
      css: false,
      // vant/es modules import their own .css files; Node cannot load those,
      // so Vant has to go through Vite's transform instead of being external.
      server: { deps: { inline: ['vant'] } },
      setupFiles: ['tests/unit/setup.ts'],
      restoreMocks: true,
      unstubGlobals: true,
    },
  }),
)

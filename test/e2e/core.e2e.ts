import { coreSuite } from './core-suite';

// The core downloads in English; core-zh-CN.e2e.ts runs them again with the page in Chinese.
coreSuite('en');

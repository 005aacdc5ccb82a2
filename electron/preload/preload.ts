/**
 * The sandboxed preload: exposes the contract's raw bridge as window.winjoin
 * and nothing else. It is bundled into one CommonJS file, because a
 * sandboxed preload cannot load modules of its own.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('winjoin', createBridge(ipcRenderer));

// The only bridge between the page and the main process: one generic call and one event stream,
// both shaped by the API table in shared/. The page gets no Node, no ipcRenderer, no file paths.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL, type IpcResult } from '../../shared/api/ipc.ts';

type PushHandler = (event: string, payload: unknown) => void;

contextBridge.exposeInMainWorld('outpost', {
  call: (method: string, input: unknown): Promise<IpcResult> => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, input),
  subscribe: (handler: PushHandler): (() => void) => {
    const listener = (_event: IpcRendererEvent, name: string, payload: unknown): void => handler(name, payload);
    ipcRenderer.on(IPC_PUSH_CHANNEL, listener);
    return () => ipcRenderer.off(IPC_PUSH_CHANNEL, listener);
  },
});

// The only bridge between the page and the main process: one generic call, one event stream, both
// shaped by the API table in shared/, and dropped evidence files. The page gets no Node, no
// ipcRenderer and no file paths.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_DROP_CHANNEL, IPC_PUSH_CHANNEL, type DropTarget, type IpcResult } from '../../shared/api/ipc.ts';

type PushHandler = (event: string, payload: unknown) => void;

contextBridge.exposeInMainWorld('outpost', {
  call: (method: string, input: unknown): Promise<IpcResult> => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, input),
  subscribe: (handler: PushHandler): (() => void) => {
    const listener = (_event: IpcRendererEvent, name: string, payload: unknown): void => handler(name, payload);
    ipcRenderer.on(IPC_PUSH_CHANNEL, listener);
    return () => ipcRenderer.off(IPC_PUSH_CHANNEL, listener);
  },
  // Only files the user really dropped have a path; a File built by a script gets '' and is skipped.
  attachDropped: (target: DropTarget, files: File[]): Promise<IpcResult> =>
    ipcRenderer.invoke(IPC_DROP_CHANNEL, target, files.map((file) => webUtils.getPathForFile(file)).filter((path) => path !== '')),
});

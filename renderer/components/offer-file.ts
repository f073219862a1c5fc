// Hands a file to the browser (or the desktop app's download dialog) under its own name.
export function offerFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy by the next task; the object URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

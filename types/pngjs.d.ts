/** The part of pngjs (installed with qrcode) the tests use to read QR code images back. */
declare module 'pngjs' {
  export const PNG: {
    sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } };
  };
}

/** Opens the command palette from anywhere (the sidebar's search button, the keyboard). */
export const OPEN_PALETTE = "contour:open-palette";

export function openPalette() {
  window.dispatchEvent(new Event(OPEN_PALETTE));
}

package report

import "fmt"

// ScreenshotArgs are the headless Chromium arguments that render the report
// page to a PNG, with a fresh profile directory and nothing fetched from the
// network (the report needs nothing). The window is tall enough for every
// chart of the report.
func ScreenshotArgs(page, png, profileDir string) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--disable-quic", "--hide-scrollbars",
		"--user-data-dir=" + profileDir,
		"--window-size=1280,4800",
		"--screenshot=" + png,
		fmt.Sprintf("file://%s", page),
	}
}

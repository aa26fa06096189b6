"""Page bodies: the shortcode tree (`shortcodes`), and its rendering per target."""

package dev.eddy.examples.admin;

/**
 * AppStatus is a managed app's state as the admin page and API show it:
 * {@code {"name": "blog", "title": "Blog", "prefix": "/blog", "maintenance": false,
 * "inFlight": 0, "summary": "3 posts"}}.
 */
public record AppStatus(String name, String title, String prefix, boolean maintenance, int inFlight, String summary) {}

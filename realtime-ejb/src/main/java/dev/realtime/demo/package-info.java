/** The demo's EJB: the smallest example of an application bean that broadcasts. */
package dev.realtime.demo;

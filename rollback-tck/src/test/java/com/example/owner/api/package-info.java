/** The public package of the fixture module {@code com.example.owner}. */
package com.example.owner.api;

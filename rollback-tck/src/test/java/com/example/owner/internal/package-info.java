/** An internal package of the fixture module {@code com.example.owner}: not API. */
package com.example.owner.internal;

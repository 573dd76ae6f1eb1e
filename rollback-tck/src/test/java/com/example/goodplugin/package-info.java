/** An ArchitectureRules test fixture. */
package com.example.goodplugin;

/** An ArchitectureRules test fixture. */
package com.example.leakyplugin;

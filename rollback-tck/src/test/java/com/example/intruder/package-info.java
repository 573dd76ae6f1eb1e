/** A fixture module that reaches into another module's internal package. */
package com.example.intruder;
